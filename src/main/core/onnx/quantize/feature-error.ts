/** How far int8 features are from the float ones: cosine similarity per image, its mean and its worst. */

export interface FeatureAgreement {
  meanCosine: number
  worstCosine: number
  images: number
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i]
    aa += a[i] * a[i]
    bb += b[i] * b[i]
  }
  // Two all-zero vectors agree; one all-zero vector against another does not.
  if (aa === 0 || bb === 0) return aa === bb ? 1 : 0
  return ab / Math.sqrt(aa * bb)
}

/** Row-by-row cosine of two [count, dim] feature matrices. */
export function featureAgreement(
  reference: Float32Array,
  other: Float32Array,
  count: number
): FeatureAgreement {
  if (reference.length !== other.length)
    throw new Error(`feature matrices differ in size: ${reference.length} vs ${other.length}`)
  const dim = reference.length / count
  let sum = 0
  let worst = 1
  for (let i = 0; i < count; i++) {
    const c = cosine(reference.subarray(i * dim, (i + 1) * dim), other.subarray(i * dim, (i + 1) * dim))
    sum += c
    worst = Math.min(worst, c)
  }
  return { meanCosine: count ? sum / count : 1, worstCosine: worst, images: count }
}
