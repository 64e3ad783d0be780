/**
 * Whether a scanned batch looks unlike what the model was validated on: more unfamiliar or more flagged images
 * than its validation split had, by more than chance explains. A one-sided exact binomial test of the batch's
 * count against the validation share (H0: the batch is like validation; fire when P(X ≥ k) < α). Pure.
 */
import jStat from 'jstat'

/** ln Γ(x) (jStat's); jStat's own binomial density overflows past a few thousand cells, so the sum is ours. */
const logGamma = (x: number): number => jStat.gammaln(x)

/** P(X ≥ k) for X ~ Binomial(n, p): the exact sum of the upper terms, each in log space. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1
  if (k > n) return 0
  if (p <= 0) return 0
  if (p >= 1) return 1
  const lc = logGamma(n + 1)
  let sum = 0
  for (let i = k; i <= n; i++)
    sum += Math.exp(lc - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p))
  return Math.min(1, sum)
}

export interface DriftCheck {
  what: 'unfamiliar' | 'flagged'
  count: number
  of: number
  /** The share on the model's validation split. */
  expected: number
  /** One-sided p-value of `count` or more under the validation share. */
  p: number
  fires: boolean
}

export interface BatchDrift {
  different: boolean
  checks: DriftCheck[]
  /** "this batch looks different from the training data: …"; absent when it does not. */
  message?: string
}

/** The significance level: one batch in a hundred like validation would be called different by chance. */
export const DRIFT_ALPHA = 0.01

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
const pText = (p: number): string => (p < 0.0001 ? 'p < 0.0001' : `p = ${p.toPrecision(2)}`)

/**
 * `batch`: images (or cells) classified, how many were unfamiliar by the feature score (what the validation share
 * counts) and how many were flagged; `validation`: the model's shares on its validation split.
 */
export function batchDrift(
  batch: { n: number; unfamiliar: number; flagged: number },
  validation: { unfamiliar: number; flagged: number },
  alpha = DRIFT_ALPHA
): BatchDrift {
  const check = (what: DriftCheck['what'], count: number, expected: number): DriftCheck => {
    const p = binomialUpperTail(count, batch.n, expected)
    return { what, count, of: batch.n, expected, p, fires: batch.n > 0 && p < alpha }
  }
  const checks = [
    check('unfamiliar', batch.unfamiliar, validation.unfamiliar),
    check('flagged', batch.flagged, validation.flagged)
  ]
  const firing = checks.filter((c) => c.fires)
  if (!firing.length) return { different: false, checks }
  const why = firing
    .map(
      (c) =>
        `${c.count} of ${c.of} ${c.what} (${pct(c.count / c.of)}; validation ${pct(c.expected)}, ${pText(c.p)})`
    )
    .join(', ')
  return { different: true, checks, message: `this batch looks different from the training data: ${why}` }
}
