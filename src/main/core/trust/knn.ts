/**
 * Distance to the k-th nearest stored training feature (Sun et al. 2022, "Out-of-distribution detection with deep
 * nearest neighbours"): features are L2-normalised first, so the score reads as an angle-like distance in [0, 2]
 * and does not depend on the backbone's feature scale. Pure math, no I/O.
 */

export interface KnnReference {
  dim: number
  k: number
  /** L2-normalised training rows, row-major [n, dim]. */
  rows: Float32Array
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
