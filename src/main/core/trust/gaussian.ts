/**
 * Class-conditional Gaussians with one shared, shrunk covariance (Lee et al. 2018's Mahalanobis OOD score on a
 * frozen backbone's features). With ~2,000 training vectors of 1,280 dimensions the sample covariance is nearly
 * singular; Ledoit–Wolf shrinks it towards a scaled identity by the amount that minimises the expected squared
 * error, with no parameter to tune (Ledoit & Wolf 2004; the same estimate as scikit-learn's `ledoit_wolf`).
 * Pure math on plain arrays: no I/O, no TF.js.
 */

export interface ClassGaussians {
  dim: number
  /** One mean per class, each `dim` long. */
  means: Float64Array[]
  /** Inverse of the shrunk pooled within-class covariance, row-major dim × dim. */
  precision: Float64Array
  /** Ledoit–Wolf shrinkage weight in [0, 1] (0: sample covariance, 1: scaled identity). */
  shrinkage: number
}

/** Ledoit–Wolf estimate of the covariance of already-centred rows `x` [n, p]; returns the matrix and weight. */
export function ledoitWolf(x: Float64Array, n: number, p: number): { cov: Float64Array; shrinkage: number } {
  const s = new Float64Array(p * p) // Σ_k x_k x_kᵀ (upper triangle first)
  const s2 = new Float64Array(p * p) // Σ_k (x_k²)(x_k²)ᵀ
  const sq = new Float64Array(p)
  for (let k = 0; k < n; k++) {
    const row = x.subarray(k * p, (k + 1) * p)
    for (let i = 0; i < p; i++) sq[i] = row[i] * row[i]
    for (let i = 0; i < p; i++) {
      const xi = row[i]
      const qi = sq[i]
      const o = i * p
      for (let j = i; j < p; j++) {
        s[o + j] += xi * row[j]
        s2[o + j] += qi * sq[j]
      }
    }
  }
  for (let i = 0; i < p; i++)
    for (let j = 0; j < i; j++) {
      s[i * p + j] = s[j * p + i]
      s2[i * p + j] = s2[j * p + i]
    }
  let trace = 0
  for (let i = 0; i < p; i++) trace += s[i * p + i] / n
  const mu = trace / p
  let sumS2 = 0 // Σ_ij (S_ij)² with S = XᵀX / n
  let sumQ = 0
  for (let i = 0; i < p * p; i++) {
    const v = s[i] / n
    sumS2 += v * v
    sumQ += s2[i]
  }
  // scikit-learn's ledoit_wolf_shrinkage, term by term.
  let beta = (sumQ / n - sumS2) / (p * n)
  const delta = (sumS2 - 2 * mu * trace + p * mu * mu) / p
  beta = Math.min(beta, delta)
  const shrinkage = delta === 0 ? 0 : beta / delta
  const cov = new Float64Array(p * p)
  for (let i = 0; i < p * p; i++) cov[i] = (1 - shrinkage) * (s[i] / n)
  for (let i = 0; i < p; i++) cov[i * p + i] += shrinkage * mu
  return { cov, shrinkage }
}

/** Inverse of a symmetric positive-definite matrix by Cholesky (throws when it is not positive definite). */
export function invertSpd(a: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p)
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j]
      for (let k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k]
      if (i === j) {
        if (!(sum > 0)) throw new Error('covariance is not positive definite')
        l[i * p + i] = Math.sqrt(sum)
      } else l[i * p + j] = sum / l[j * p + j]
    }
  }
  // L⁻¹ (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
  const li = new Float64Array(p * p)
  for (let i = 0; i < p; i++) {
    li[i * p + i] = 1 / l[i * p + i]
    for (let j = 0; j < i; j++) {
      let sum = 0
      for (let k = j; k < i; k++) sum -= l[i * p + k] * li[k * p + j]
      li[i * p + j] = sum / l[i * p + i]
    }
  }
  const inv = new Float64Array(p * p)
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let sum = 0
      for (let k = i; k < p; k++) sum += li[k * p + i] * li[k * p + j]
      inv[i * p + j] = sum
      inv[j * p + i] = sum
    }
  return inv
}

/** Fits one mean per class and the shared shrunk covariance to `features` [n, dim] with `labels`. */
export function fitClassGaussians(
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  dim: number,
  classCount: number
): ClassGaussians {
  const n = labels.length
  if (features.length !== n * dim) throw new Error(`${features.length} values for ${n} rows × ${dim}`)
  const means = Array.from({ length: classCount }, () => new Float64Array(dim))
  const counts = new Array<number>(classCount).fill(0)
  for (let k = 0; k < n; k++) {
    const c = labels[k]
    counts[c]++
    for (let i = 0; i < dim; i++) means[c][i] += features[k * dim + i]
  }
  for (let c = 0; c < classCount; c++) {
    if (!counts[c]) throw new Error(`class ${c} has no training vectors`)
    for (let i = 0; i < dim; i++) means[c][i] /= counts[c]
  }
  const centred = new Float64Array(n * dim)
  for (let k = 0; k < n; k++) {
    const m = means[labels[k]]
    for (let i = 0; i < dim; i++) centred[k * dim + i] = features[k * dim + i] - m[i]
  }
  const { cov, shrinkage } = ledoitWolf(centred, n, dim)
  return { dim, means, precision: invertSpd(cov, dim), shrinkage }
}

/** Squared Mahalanobis distance of `x` to the nearest class mean: larger = less like the training data. */
export function mahalanobisScore(g: ClassGaussians, x: ArrayLike<number>): number {
  const p = g.dim
  const d = new Float64Array(p)
  let best = Infinity
  for (const m of g.means) {
    for (let i = 0; i < p; i++) d[i] = x[i] - m[i]
    let q = 0
    for (let i = 0; i < p; i++) {
      let row = 0
      const o = i * p
      for (let j = 0; j < p; j++) row += g.precision[o + j] * d[j]
      q += d[i] * row
    }
    if (q < best) best = q
  }
  return best
}
