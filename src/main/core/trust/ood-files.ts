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
  const f = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
  const dim = ood.dim
  if (ood.method === 'mahalanobis') {
    if (f.length !== classCount * dim + dim * dim)
      throw new Error(
        `${file}: ${f.length} values, expected ${classCount}×${dim} means and a ${dim}×${dim} matrix`
      )
    const means = Array.from({ length: classCount }, (_, c) =>
      Float64Array.from(f.subarray(c * dim, (c + 1) * dim))
    )
    return {
      method: 'mahalanobis',
      gaussians: { dim, means, precision: Float64Array.from(f.subarray(classCount * dim)), shrinkage: NaN }
    }
  }
  const rank = ood.rank
  if (rank) {
    const rest = f.length - rank * dim
    if (rest < 0 || rest % rank || rank > dim)
      throw new Error(
        `${file}: ${f.length} values is not ${rank} directions of ${dim} values and whole ${rank}-d rows`
      )
    return {
      method: 'knn',
      reference: { dim, k: KNN_K, basis: f.subarray(0, rank * dim), rows: f.subarray(rank * dim) }
    }
  }
  if (f.length % dim) throw new Error(`${file}: ${f.length} values is not a whole number of ${dim}-d rows`)
  return { method: 'knn', reference: { dim, k: KNN_K, rows: f } }
}
