/**
 * Passing–Bablok regression (Passing & Bablok, J Clin Chem Clin Biochem 1983): the slope is the median of all
 * pairwise slopes shifted by K, the number of slopes below −1, so that it does not depend on which method is
 * called x; the intercept is the median of y − b·x. The slope's confidence interval takes the order statistics
 * M1 = round((N − C)/2) and M2 = N − M1 + 1 (shifted by K) with C = z·√(n(n−1)(2n+5)/18); the intercept's
 * comes from the slope's two limits. Slopes of exactly −1 and pairs with both differences zero are left out.
 */
import { median, zTwoSided, type Interval } from './quantiles'

export interface PassingBablok {
  n: number
  /** Pairwise slopes used (N) and those below −1 (K). */
  slopes: number
  shift: number
  slope: number
  intercept: number
  slopeCi: Interval
  interceptCi: Interval
}

export function passingBablok(x: readonly number[], y: readonly number[], level = 0.95): PassingBablok {
  if (x.length !== y.length) throw new Error('both methods need the same number of samples')
  const n = x.length
  if (n < 3) throw new Error(`Passing–Bablok needs at least 3 paired samples (got ${n})`)
  const s: number[] = []
  for (let i = 0; i < n - 1; i++)
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - x[i]
      const dy = y[j] - y[i]
      if (dx === 0 && dy === 0) continue
      const slope = dx === 0 ? (dy > 0 ? Infinity : -Infinity) : dy / dx
      if (slope !== -1) s.push(slope)
    }
  s.sort((a, b) => a - b)
  const count = s.length
  if (count === 0) throw new Error('Passing–Bablok needs samples that differ')
  const k = s.filter((v) => v < -1).length
  // 1-based order statistic, shifted by K, clamped to the slopes there are
  const at = (i: number): number => s[Math.min(count, Math.max(1, i + k)) - 1]
  const slope = count % 2 ? at((count + 1) / 2) : (at(count / 2) + at(count / 2 + 1)) / 2
  const c = zTwoSided(level) * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18)
  const m1 = Math.round((count - c) / 2)
  const m2 = count - m1 + 1
  const slopeLow = at(m1)
  const slopeHigh = at(m2)
  // An unbounded slope limit (samples sharing an x) leaves the intercept's limit unbounded the other way.
  const interceptAt = (b: number): number =>
    Number.isFinite(b) ? median(x.map((xi, i) => y[i] - b * xi)) : b > 0 ? -Infinity : Infinity
  return {
    n,
    slopes: count,
    shift: k,
    slope,
    intercept: interceptAt(slope),
    slopeCi: { low: slopeLow, high: slopeHigh },
    interceptCi: { low: interceptAt(slopeHigh), high: interceptAt(slopeLow) }
  }
}
