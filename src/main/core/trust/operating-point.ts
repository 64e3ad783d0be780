/**
 * The review flag as an operating point: on validation answers, the confidence below which an answer is flagged
 * is chosen so that a target share of the wrong answers falls below it; the price is the share of all answers a
 * person must then look at (the workload). Pure math, no I/O.
 */

export const DEFAULT_ERROR_CATCH = 0.9

export interface FlagOperatingPoint {
  /** Flag when confidence < threshold. */
  threshold: number
  /** Share of wrong validation answers that this flags (≥ target unless the set has no errors). */
  errorsFlagged: number
  /** Share of all validation answers that this flags. */
  workload: number
  /** The share of errors asked for. */
  target: number
}

/**
 * The smallest threshold that flags at least `target` of the wrong answers: just above the confidence of the
 * ⌈target·errors⌉-th least confident wrong answer (the midpoint to the next confidence seen, so a tie at that
 * value is flagged too). With no wrong answers there is nothing to catch: threshold 0.
 */
export function flagOperatingPoint(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  target = DEFAULT_ERROR_CATCH
): FlagOperatingPoint {
  if (!(target > 0 && target <= 1))
    throw new RangeError(`target share of errors must be in (0, 1], got ${target}`)
  const n = confidence.length
  const wrong: number[] = []
  for (let i = 0; i < n; i++) if (!correct[i]) wrong.push(confidence[i])
  wrong.sort((a, b) => a - b)
  let threshold = 0
  if (wrong.length) {
    const at = wrong[Math.ceil(target * wrong.length) - 1]
    let next = 1
    for (let i = 0; i < n; i++) if (confidence[i] > at && confidence[i] < next) next = confidence[i]
    threshold = at >= 1 ? 1 : (at + next) / 2
  }
  let flagged = 0
  let caught = 0
  for (let i = 0; i < n; i++)
    if (confidence[i] < threshold) {
      flagged++
      if (!correct[i]) caught++
    }
  return {
    threshold,
    errorsFlagged: wrong.length ? caught / wrong.length : 1,
    workload: n ? flagged / n : 0,
    target
  }
}

/** The q-quantile (0..1) of `values` by linear interpolation, as numpy's default. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort()
  if (!s.length) throw new RangeError('quantile of an empty set')
  const pos = q * (s.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(s.length - 1, lo + 1)
  return s[lo] + (s[hi] - s[lo]) * (pos - lo)
}
