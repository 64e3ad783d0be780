/**
 * Bland–Altman agreement of two methods on the same samples (Bland & Altman, Lancet 1986): the bias (mean
 * difference) and the limits of agreement bias ± k·SD, each with its confidence interval from the t
 * distribution on n − 1 degrees of freedom — the bias's standard error SD/√n, a limit's √(3·SD²/n).
 */
import { mean, sampleSd, tTwoSided, type Interval } from './quantiles'

export interface BlandAltman {
  n: number
  bias: number
  sd: number
  biasCi: Interval
  lower: number
  upper: number
  lowerCi: Interval
  upperCi: Interval
  /** Multiplier of the SD for the limits (1.96 for 95% limits). */
  k: number
}

/** Differences are `test − reference`. Needs at least 3 pairs. */
export function blandAltman(
  test: readonly number[],
  reference: readonly number[],
  options: { k?: number; level?: number } = {}
): BlandAltman {
  if (test.length !== reference.length) throw new Error('both methods need the same number of samples')
  const n = test.length
  if (n < 3) throw new Error(`Bland–Altman needs at least 3 paired samples (got ${n})`)
  const k = options.k ?? 1.96
  const d = test.map((t, i) => t - reference[i])
  const bias = mean(d)
  const sd = sampleSd(d)
  const t = tTwoSided(n - 1, options.level ?? 0.95)
  const seBias = sd / Math.sqrt(n)
  const seLimit = Math.sqrt((3 * sd * sd) / n)
  const lower = bias - k * sd
  const upper = bias + k * sd
  return {
    n,
    bias,
    sd,
    biasCi: { low: bias - t * seBias, high: bias + t * seBias },
    lower,
    upper,
    lowerCi: { low: lower - t * seLimit, high: lower + t * seLimit },
    upperCi: { low: upper - t * seLimit, high: upper + t * seLimit },
    k
  }
}
