/** Quantiles of the normal and Student's t distributions (jStat), for two-sided intervals. */
import jStat from 'jstat'

/** z such that a two-sided interval at `level` (0.95 → 1.96) covers that share of a standard normal. */
export function zTwoSided(level = 0.95): number {
  return jStat.normal.inv(1 - (1 - level) / 2, 0, 1)
}

/** t with `dof` degrees of freedom for a two-sided interval at `level` (0.95, 16 → 2.12). */
export function tTwoSided(dof: number, level = 0.95): number {
  return jStat.studentt.inv(1 - (1 - level) / 2, dof)
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}

/** Sample standard deviation (n − 1). */
export function sampleSd(values: readonly number[]): number {
  const m = mean(values)
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1))
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const h = s.length >> 1
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}

export interface Interval {
  low: number
  high: number
}
