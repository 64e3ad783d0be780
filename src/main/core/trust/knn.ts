/**
 * Distance to the k-th nearest stored training feature (Sun et al. 2022, "Out-of-distribution detection with deep
 * nearest neighbours"): features are L2-normalised first, so the score reads as an angle-like distance in [0, 2]
 * and does not depend on the backbone's feature scale. Pure math, no I/O.
 *
 * The compact form keeps the training rows projected on their leading principal directions (pca.ts) and scores
 * the exact distance from the (unprojected) query to those projected rows: the in-subspace distance plus the
 * query's own distance to the subspace. An unfamiliar image that differs from training mostly in directions the
 * training rows never use keeps that difference in its score.
 */
import { principalBasis } from './pca'

export interface KnnReference {
  dim: number
  k: number
  /** L2-normalised training rows, row-major [n, dim]; in the compact form, their projections [n, rank]. */
  rows: Float32Array
  /** Compact form: orthonormal principal directions [rank, dim] of the normalised training rows. */
  basis?: Float32Array
}

/**
 * Number of principal directions a compact reference keeps. `BENCH_PART=3 npm run bench:recipes` (MobileNetV2 on
 * Aria, 3 split seeds): 32, 64, 128 and 256 directions mark the same shares unfamiliar as all 1,280 values (Aria
 * test 0.3%, C-NMC 100%, BCCD 98–99%); 64 stores 0.74 MB (directions + projected rows) instead of 8.3 MB.
 */
export const KNN_RANK = 64

/** The compact form of a full reference: rows projected on their `rank` leading principal directions. */
export function compactKnnReference(ref: KnnReference, rank = KNN_RANK): KnnReference {
  if (ref.basis) return ref
  const { dim, rows } = ref
  const n = rows.length / dim
  const { basis, projected } = principalBasis(rows, n, dim, rank)
  return { dim, k: ref.k, rows: projected, basis }
}

function normalised(v: ArrayLike<number>, dim: number, out: Float32Array, offset: number): void {
  let norm = 0
  for (let i = 0; i < dim; i++) norm += v[i] * v[i]
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0
  for (let i = 0; i < dim; i++) out[offset + i] = v[i] * inv
}

export function buildKnnReference(features: ArrayLike<number>, dim: number, k: number): KnnReference {
  const n = features.length / dim
  if (!Number.isInteger(n) || n < k)
    throw new Error(`need at least k=${k} rows of ${dim}, got ${features.length} values`)
  const rows = new Float32Array(n * dim)
  const row = new Float64Array(dim)
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < dim; i++) row[i] = features[r * dim + i]
    normalised(row, dim, rows, r * dim)
  }
  return { dim, k, rows }
}

/**
 * Euclidean distance from normalised `x` to its k-th nearest reference row. `skipSelf` leaves out one exact match
 * (distance 0), for scoring a training vector against a reference that contains it.
 */
export function kthNearestDistance(ref: KnnReference, x: ArrayLike<number>, skipSelf = false): number {
  const { dim, k, rows } = ref
  const q = new Float32Array(dim)
  normalised(x, dim, q, 0)
  if (ref.basis) return projectedKthDistance(ref, ref.basis, q, k + (skipSelf ? 1 : 0))
  const n = rows.length / dim
  // Keep the k (+1) largest cosine similarities; for unit vectors ‖a−b‖² = 2 − 2·a·b.
  const keep = k + (skipSelf ? 1 : 0)
  const best = new Float64Array(keep).fill(-Infinity)
  for (let r = 0; r < n; r++) {
    let dot = 0
    const o = r * dim
    for (let i = 0; i < dim; i++) dot += rows[o + i] * q[i]
    if (dot > best[keep - 1]) {
      let j = keep - 1
      while (j > 0 && best[j - 1] < dot) {
        best[j] = best[j - 1]
        j--
      }
      best[j] = dot
    }
  }
  const sim = best[keep - 1]
  return Math.sqrt(Math.max(0, 2 - 2 * sim))
}

/** The compact form's score: squared in-subspace distances, k-th smallest, plus the query's squared residual. */
function projectedKthDistance(ref: KnnReference, basis: Float32Array, q: Float32Array, keep: number): number {
  const { dim, rows } = ref
  const r = basis.length / dim
  const p = new Float64Array(r)
  let inside = 0
  for (let c = 0; c < r; c++) {
    let s = 0
    for (let j = 0; j < dim; j++) s += basis[c * dim + j] * q[j]
    p[c] = s
    inside += s * s
  }
  const residual = Math.max(0, 1 - inside)
  const best = new Float64Array(keep).fill(Infinity)
  const n = rows.length / r
  for (let i = 0; i < n; i++) {
    let d2 = 0
    const o = i * r
    for (let c = 0; c < r; c++) {
      const t = p[c] - rows[o + c]
      d2 += t * t
    }
    if (d2 < best[keep - 1]) {
      let j = keep - 1
      while (j > 0 && best[j - 1] > d2) {
        best[j] = best[j - 1]
        j--
      }
      best[j] = d2
    }
  }
  return Math.sqrt(best[keep - 1] + residual)
}
