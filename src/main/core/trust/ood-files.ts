/**
 * The OOD detector's arrays as one file in a model version's folder (`ood.bin`, little-endian float32):
 * Mahalanobis — the class means [classes, dim] then the precision matrix [dim, dim]; kNN — the normalised
 * training rows [n, dim]; compact kNN — the principal directions [rank, dim] then the projected rows [n, rank].
 * The version's `trust.ood` says which and gives `dim` (and `rank`); the rest follows from the size.
 * float32 halves the file against float64 and moves scores by far less than the threshold's own spread.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ModelTrust } from '../../../shared/types/trust'
import { KNN_K, type OodDetector } from './profile'

export const OOD_FILE = 'ood.bin'

function joined(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

export function oodBytes(d: OodDetector): Uint8Array {
  const arr =
    d.method === 'mahalanobis'
      ? Float32Array.from([...d.gaussians.means.flatMap((m) => Array.from(m)), ...d.gaussians.precision])
      : d.reference.basis
        ? joined(d.reference.basis, d.reference.rows)
        : d.reference.rows
  return new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength)
}

/**
 * Why the detector's values do not fit what the version declares (`trust.ood`: method, dim, rank), or undefined
 * when they do: the exact size for Mahalanobis, whole rows (at least one) for kNN, and finite values throughout.
 */
export function oodSizeProblem(
  f: Float32Array,
  ood: ModelTrust['ood'],
  classCount: number
): string | undefined {
  const { dim, rank } = ood
  if (ood.method === 'mahalanobis') {
    if (f.length !== classCount * dim + dim * dim)
      return `${f.length} values, expected ${classCount}×${dim} means and a ${dim}×${dim} matrix`
  } else if (rank) {
    const rest = f.length - rank * dim
    if (rest <= 0 || rest % rank || rank > dim)
      return `${f.length} values is not ${rank} directions of ${dim} values and whole ${rank}-d rows`
  } else if (f.length === 0 || f.length % dim)
    return `${f.length} values is not a whole number of ${dim}-d rows`
  if (!f.every(Number.isFinite)) return 'it holds values that are not finite numbers (NaN or infinity)'
  return undefined
}

/** The float32 values of a detector file's bytes; a length that is not whole values is reported by the size check. */
export function oodValues(bytes: Uint8Array): Float32Array {
  const whole = bytes.byteLength - (bytes.byteLength % 4)
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + whole))
}

/** Reads a version's detector back; a missing or wrong-sized file is an error naming it. */
export function readOodDetector(dir: string, ood: ModelTrust['ood'], classCount: number): OodDetector {
  const file = join(dir, OOD_FILE)
  let buf: Buffer
  try {
    buf = readFileSync(file)
  } catch (err) {
    throw new Error(
      `${file}: cannot read the model's unfamiliar-image detector (${(err as NodeJS.ErrnoException).code})`
    )
  }
  const f = oodValues(buf)
  const problem =
    buf.byteLength % 4
      ? `${buf.byteLength} bytes is not whole float32 values`
      : oodSizeProblem(f, ood, classCount)
  if (problem) throw new Error(`${file}: ${problem}`)
  const dim = ood.dim
  if (ood.method === 'mahalanobis') {
    const means = Array.from({ length: classCount }, (_, c) =>
      Float64Array.from(f.subarray(c * dim, (c + 1) * dim))
    )
    return {
      method: 'mahalanobis',
      gaussians: { dim, means, precision: Float64Array.from(f.subarray(classCount * dim)), shrinkage: NaN }
    }
  }
  const rank = ood.rank
  if (rank)
    return {
      method: 'knn',
      reference: { dim, k: KNN_K, basis: f.subarray(0, rank * dim), rows: f.subarray(rank * dim) }
    }
  return { method: 'knn', reference: { dim, k: KNN_K, rows: f } }
}
