/** What bench/onnx.ts and its child processes (bench/onnx-child.ts) share. Imports nothing heavy. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Prng } from '../src/main/core/engine/training/prng'

export const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? resolve(import.meta.dirname, '../../shared'))
export const SIZE = 224
export const PER = SIZE * SIZE * 3
/** Images per ONNX Runtime run (env BENCH_IMAGES). */
export const N = Number(process.env.BENCH_IMAGES ?? 64)

/**
 * Peak resident memory of this process in MB. On Linux from /proc (VmHWM): getrusage's maxRSS survives exec, so a
 * child spawned by a large parent would report the parent's peak instead of its own.
 */
export function peakRssMb(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    if (kb) return Math.round(Number(kb) / 1024)
  } catch {
    // not Linux: fall through
  }
  return Math.round(process.resourceUsage().maxRSS / 1024)
}

/** Seeded stand-in inputs in the range of normalised pixels (speed does not depend on the values). */
export function randomImages(n: number, seed: number): Float32Array {
  const rng = new Prng(seed)
  const out = new Float32Array(n * PER)
  for (let i = 0; i < out.length; i++) out[i] = rng.next() * 4 - 2
  return out
}

/** One child's report, printed as one JSON line. */
export interface ChildResult {
  imagesPerSecond: number
  images: number
  peakRssMb: number
  /** CPU time (all threads) per image: unlike wall time, barely affected by other programs on the cores. */
  cpuSecondsPerImage: number
}
