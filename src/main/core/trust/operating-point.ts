/**
 * The review flag as an operating point: on validation answers, the confidence below which an answer is flagged
 * is chosen so that a target share of the wrong answers falls below it; the price is the share of all answers a
 * person must then look at (the workload). Pure math, no I/O.
 */

import type { OperatingPoint } from '../../../shared/types/training'

/**
 * The share of the expected errors the flag must hold. With the logistic recipe on Aria's forward split
 * (README, "Results a lab can sign"), validation read 0.9 → 100% of errors caught at 22% of images flagged,
 * 0.8 → 89% at 13%, 0.7 → 67% at 8%: 0.8 is the target that keeps the lab's bounds (≥ 80% of errors, ≤ 15% of
 * images) on the part the choice is made on.
 */
export const DEFAULT_ERROR_CATCH = 0.8

/** `balanced`, `sensitivity:0.98` or `specificity:0.95` → the decision rule; a bad one is one clear sentence. */
export function parseOperatingPoint(text: string): OperatingPoint {
  const t = text.trim().toLowerCase()
  if (t === 'balanced') return { kind: 'balanced' }
  const m = /^(sensitivity|specificity):(\d*\.?\d+)$/.exec(t)
  const target = m ? Number(m[2]) : NaN
  if (!m || !(target > 0 && target <= 1))
    throw new RangeError(
      `invalid operating point "${text}": expected balanced, sensitivity:X or specificity:X with X in (0, 1], e.g. sensitivity:0.98`
    )
  return { kind: m[1] as 'sensitivity' | 'specificity', target }
}

/** The threshold chooser's targets for an operating point. */
export function thresholdTargets(op: OperatingPoint | undefined): {
  targetSensitivity?: number
  targetSpecificity?: number
} {
  if (op?.kind === 'sensitivity') return { targetSensitivity: op.target }
  if (op?.kind === 'specificity') return { targetSpecificity: op.target }
  return {}
}

export interface FlagOperatingPoint {
  /** Flag when confidence < threshold. */
  threshold: number
  /** Share of wrong validation answers that this flags (≥ target unless the set has no errors). */
  errorsFlagged: number
  /** Share of all validation answers that this flags. */
  workload: number
  /** The share of errors asked for. */
  target: number
  /** How the threshold was read off the validation answers. */
  rule: FlagRule
}

/**
 * How the threshold is read off the validation answers:
 * - `errors`: from the wrong answers themselves. Validation sets of a few hundred images hold a handful of
 *   errors, so one confidently wrong image can move the threshold (and the workload) a long way.
 * - `expected`: from every answer's calibrated confidence: an answer at confidence c is wrong with probability
 *   1 − c, so the threshold is where the answers below it hold `target` of the expected errors. It rests on the
 *   temperature fitted on the same split, and uses all answers rather than the few wrong ones.
 */
export type FlagRule = 'errors' | 'expected'

/**
 * `BENCH_PART=2 BENCH_RECIPE='balanced + flip' npm run bench:recipes` (Aria, block split, 3 split seeds, target
 * 90%): on test, `errors` caught 100% of errors and flagged 23.8% of images, `expected` caught 94.4% and flagged
 * 17.7%: nearer the share asked for, at a quarter less review work.
 */
export const DEFAULT_FLAG_RULE: FlagRule = 'expected'

/** Midway between `at` and the next larger confidence seen (so a tie at `at` is flagged too); 1 at the top. */
function justAbove(at: number, confidence: ArrayLike<number>): number {
  let next = 1
  for (let i = 0; i < confidence.length; i++)
    if (confidence[i] > at && confidence[i] < next) next = confidence[i]
  return at >= 1 ? 1 : (at + next) / 2
}

/** The `expected` rule: the smallest threshold under which `target` of Σ(1 − confidence) lies. */
export function expectedErrorThreshold(confidence: ArrayLike<number>, target: number): number {
  const sorted = Float64Array.from(confidence).sort()
  let total = 0
  for (const c of sorted) total += 1 - c
  if (!(total > 0)) return 0
  let sum = 0
  for (const c of sorted) {
    sum += 1 - c
    if (sum >= target * total - 1e-12) return justAbove(c, sorted)
  }
  return 1
}

/**
 * The flag point under `rule` (`expected` above). Rule `errors`: the smallest threshold that flags at least
 * `target` of the wrong answers, just above the confidence of the ⌈target·errors⌉-th least confident wrong answer
 * (the midpoint to the next confidence seen, so a tie at that value is flagged too); with no wrong answers there is
 * nothing to catch: threshold 0.
 */
export function flagOperatingPoint(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  target = DEFAULT_ERROR_CATCH,
  rule: FlagRule = DEFAULT_FLAG_RULE
): FlagOperatingPoint {
  if (!(target > 0 && target <= 1))
    throw new RangeError(`target share of errors must be in (0, 1], got ${target}`)
  const n = confidence.length
  const wrong: number[] = []
  for (let i = 0; i < n; i++) if (!correct[i]) wrong.push(confidence[i])
  wrong.sort((a, b) => a - b)
  let threshold = 0
  if (rule === 'expected') threshold = expectedErrorThreshold(confidence, target)
  else if (wrong.length) threshold = justAbove(wrong[Math.ceil(target * wrong.length) - 1], confidence)
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
    target,
    rule
  }
}

/**
 * The review flag of a two-class model seen as a band of the positive class's calibrated probability p around
 * the decision threshold t. "Confidence of the decided class below c" flags p in [t, c) on the positive side and
 * p in (1 − c, t) on the other: together the band from min(t, 1 − c) to max(t, c), which always touches t. Flagging
 * by confidence is flagging by calibrated chance of being wrong, largest first, so under the `expected` rule it
 * reaches the target with the fewest answers; a band symmetric around t in logits was measured and flagged more
 * (README, "Default recipe").
 */
export interface FlagBand {
  low: number
  high: number
}

export function confidenceBand(threshold: number, confidence: number): FlagBand {
  return { low: Math.min(threshold, 1 - confidence), high: Math.max(threshold, confidence) }
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
