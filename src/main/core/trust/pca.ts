/**
 * The leading principal directions of a set of rows (uncentred: the directions that hold most of the rows'
 * energy), by randomized subspace iteration (Halko, Martinsson & Tropp 2011, algorithm 4.4) with a seeded start
 * and a Jacobi eigensolver for the small projected matrix. The unfamiliar-image detector keeps its training
 * features in this subspace: a DenseNet/MobileNet feature vector of 1,024–1,280 values is described by 64
 * directions well enough to find its neighbours (knn.ts), at a twentieth of the bytes. Pure math on typed arrays.
 */
import { Prng } from '../engine/training/prng'

/** Extra random directions beyond the rank asked for, and power iterations: the paper's usual choices. */
const OVERSAMPLE = 10
const POWER_ITERATIONS = 3

/** a [n, d] · b [d, l] → [n, l], row-major. */
function matMul(
  a: Float32Array | Float64Array,
  b: Float64Array,
  n: number,
  d: number,
  l: number
): Float64Array {
  const out = new Float64Array(n * l)
  for (let i = 0; i < n; i++) {
    const o = i * l
    for (let j = 0; j < d; j++) {
      const v = a[i * d + j]
      if (v === 0) continue
      const bo = j * l
      for (let c = 0; c < l; c++) out[o + c] += v * b[bo + c]
    }
  }
  return out
}

/** aᵀ [d, n] · y [n, l] → [d, l], with a stored row-major [n, d]. */
function matMulT(
  a: Float32Array | Float64Array,
  y: Float64Array,
  n: number,
  d: number,
  l: number
): Float64Array {
  const out = new Float64Array(d * l)
  for (let i = 0; i < n; i++) {
    const yo = i * l
    for (let j = 0; j < d; j++) {
      const v = a[i * d + j]
      if (v === 0) continue
      const o = j * l
      for (let c = 0; c < l; c++) out[o + c] += v * y[yo + c]
    }
  }
  return out
}

/** Orthonormalises the l columns of z [d, l] in place (modified Gram–Schmidt, twice for stability). */
function orthonormalColumns(z: Float64Array, d: number, l: number): void {
  for (let pass = 0; pass < 2; pass++)
    for (let c = 0; c < l; c++) {
      for (let p = 0; p < c; p++) {
        let dot = 0
        for (let j = 0; j < d; j++) dot += z[j * l + c] * z[j * l + p]
        for (let j = 0; j < d; j++) z[j * l + c] -= dot * z[j * l + p]
      }
      let norm = 0
      for (let j = 0; j < d; j++) norm += z[j * l + c] ** 2
      const inv = norm > 1e-300 ? 1 / Math.sqrt(norm) : 0
      for (let j = 0; j < d; j++) z[j * l + c] *= inv
    }
}

/**
 * Eigen-decomposition of a symmetric [m, m] matrix by cyclic Jacobi rotations: eigenvalues descending and the
 * matching eigenvectors as the columns of `vectors` [m, m].
 */
export function symmetricEigen(a: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const s = Float64Array.from(a)
  const v = new Float64Array(m * m)
  for (let i = 0; i < m; i++) v[i * m + i] = 1
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += s[p * m + q] ** 2
    if (off < 1e-22) break
    for (let p = 0; p < m; p++)
      for (let q = p + 1; q < m; q++) {
        const apq = s[p * m + q]
        if (Math.abs(apq) < 1e-300) continue
        const theta = (s[q * m + q] - s[p * m + p]) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const sn = t * c
        for (let k = 0; k < m; k++) {
          const kp = s[k * m + p]
          const kq = s[k * m + q]
          s[k * m + p] = c * kp - sn * kq
          s[k * m + q] = sn * kp + c * kq
        }
        for (let k = 0; k < m; k++) {
          const pk = s[p * m + k]
          const qk = s[q * m + k]
          s[p * m + k] = c * pk - sn * qk
          s[q * m + k] = sn * pk + c * qk
        }
        for (let k = 0; k < m; k++) {
          const kp = v[k * m + p]
          const kq = v[k * m + q]
          v[k * m + p] = c * kp - sn * kq
          v[k * m + q] = sn * kp + c * kq
        }
      }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => s[y * m + y] - s[x * m + x])
  const values = Float64Array.from(order, (i) => s[i * m + i])
  const vectors = new Float64Array(m * m)
  order.forEach((src, dst) => {
    for (let k = 0; k < m; k++) vectors[k * m + dst] = v[k * m + src]
  })
  return { values, vectors }
}

/**
 * The `rank` leading right singular directions of `rows` [n, d], as a row-major basis [rank, d] with orthonormal
 * rows, the rows' coordinates on them [n, rank], and the share of the rows' total energy (sum of squares) they hold.
 */
export function principalBasis(
  rows: Float32Array | Float64Array,
  n: number,
  d: number,
  rank: number,
  seed = 1
): { basis: Float32Array; projected: Float32Array; energy: number } {
  const r = Math.min(rank, d, n)
  const l = Math.min(r + OVERSAMPLE, d, n)
  const rng = new Prng(seed)
  let z: Float64Array = new Float64Array(d * l)
  for (let i = 0; i < z.length; i++) z[i] = rng.next() * 2 - 1
  orthonormalColumns(z, d, l)
  for (let it = 0; it < POWER_ITERATIONS; it++) {
    z = matMulT(rows, matMul(rows, z, n, d, l), n, d, l)
    orthonormalColumns(z, d, l)
  }
  // Rayleigh–Ritz: the rows' Gram matrix restricted to the subspace, (X Z)ᵀ (X Z) [l, l].
  const y = matMul(rows, z, n, d, l)
  const g = new Float64Array(l * l)
  for (let i = 0; i < n; i++)
    for (let a = 0; a < l; a++) {
      const ya = y[i * l + a]
      for (let b = a; b < l; b++) g[a * l + b] += ya * y[i * l + b]
    }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a]
  const { values, vectors } = symmetricEigen(g, l)
  const basis = new Float32Array(r * d)
  for (let c = 0; c < r; c++)
    for (let j = 0; j < d; j++) {
      let s = 0
      for (let k = 0; k < l; k++) s += z[j * l + k] * vectors[k * l + c]
      basis[c * d + j] = s
    }
  // The rows' coordinates come from X Z already at hand: X (Z V) = (X Z) V, [n, l] · [l, r] instead of [n, d] · [d, r].
  const projected = new Float32Array(n * r)
  for (let i = 0; i < n; i++)
    for (let c = 0; c < r; c++) {
      let s = 0
      for (let k = 0; k < l; k++) s += y[i * l + k] * vectors[k * l + c]
      projected[i * r + c] = s
    }
  let total = 0
  for (let i = 0; i < n * d; i++) total += rows[i] * rows[i]
  let kept = 0
  for (let c = 0; c < r; c++) kept += values[c]
  return { basis, projected, energy: total > 0 ? kept / total : 0 }
}
