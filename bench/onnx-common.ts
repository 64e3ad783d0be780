/** What bench/onnx.ts and its child processes (bench/onnx-child.ts) share. Imports nothing heavy. */
import { resolve } from 'node:path'
import { Prng } from '../src/main/core/engine/training/prng'

export const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? resolve(import.meta.dirname, '../../shared'))
export const SIZE = 224
export const PER = SIZE * SIZE * 3
/** Images per ONNX Runtime run (env BENCH_IMAGES). */
export const N = Number(process.env.BENCH_IMAGES ?? 64)

export const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)

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
