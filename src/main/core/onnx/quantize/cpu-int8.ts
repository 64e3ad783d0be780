/**
 * Which integer instructions this CPU has, for `doctor` and for the quantizer's weight range. ONNX Runtime
 * picks its int8 kernels by these: AVX-512 VNNI or AVX-VNNI (vpdpbusd: u8·s8 products summed in int32 in one
 * instruction), else AVX2's vpmaddubsw (u8·s8 pairs summed in int16, which can saturate: weights are then
 * kept to 7 bits), else no vector integer speed-up. Linux reads /proc/cpuinfo; elsewhere the flags are
 * unknown and the quantizer takes the safe 7-bit weights.
 */
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

export type Int8Path = 'vnni' | 'avx2' | 'none' | 'unknown'

export interface CpuInt8Support {
  model: string
  avx2: boolean
  avx512: boolean
  vnni: boolean
  path: Int8Path
  /** One sentence for `doctor`. */
  summary: string
}

/** Parses the `flags` line of /proc/cpuinfo text (x86 Linux). */
export function int8SupportFromFlags(flagsText: string | undefined, model: string): CpuInt8Support {
  if (flagsText === undefined)
    return {
      model,
      avx2: false,
      avx512: false,
      vnni: false,
      path: 'unknown',
      summary: 'instruction set not readable on this system: int8 weights use 7 bits (safe on every x86 CPU)'
    }
  const flags = new Set(flagsText.split(/\s+/))
  const avx2 = flags.has('avx2')
  const avx512 = flags.has('avx512f')
  const vnni = flags.has('avx512_vnni') || flags.has('avx_vnni')
  const path: Int8Path = vnni ? 'vnni' : avx2 ? 'avx2' : 'none'
  const isa = [
    avx2 && 'AVX2',
    avx512 && 'AVX-512',
    flags.has('avx512_vnni') && 'AVX-512 VNNI',
    flags.has('avx_vnni') && 'AVX-VNNI'
  ]
    .filter(Boolean)
    .join(', ')
  const summary =
    path === 'vnni'
      ? `${isa}: int8 convolutions run on VNNI dot products (u8·s8 summed in int32), full 8-bit weights`
      : path === 'avx2'
        ? `${isa || 'AVX2'}, no VNNI: int8 convolutions use vpmaddubsw (int16 pair sums), weights kept to 7 bits so they cannot saturate`
        : 'no AVX2: ONNX Runtime has no vector int8 kernels here; an int8 backbone is unlikely to be faster'
  return { model, avx2, avx512, vnni, path, summary }
}

let cached: CpuInt8Support | undefined

export function cpuInt8Support(): CpuInt8Support {
  if (cached) return cached
  const model = cpus()[0]?.model ?? 'unknown CPU'
  let flags: string | undefined
  if (process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'ia32')) {
    try {
      flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]
    } catch {
      flags = undefined
    }
  }
  cached = int8SupportFromFlags(flags, model)
  return cached
}

/** 7-bit weights unless the CPU is known to have VNNI (see the module comment). */
export function needsReducedRange(support: CpuInt8Support = cpuInt8Support()): boolean {
  return support.path !== 'vnni'
}
