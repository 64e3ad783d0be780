/**
 * Expected calibration error and the reliability diagram's bins (Guo et al. 2017): confidences are cut into 15
 * equal-width bins; in each, the mean confidence is compared with the share of correct answers. ECE is the
 * size-weighted mean gap. Pure math, no I/O.
 */

import type { Calibration, ReliabilityBin } from '../../../shared/types/trust'

export type { Calibration, ReliabilityBin }

export const ECE_BINS = 15

/** `confidence[i]` is the probability the model gave its answer i; `correct[i]` whether that answer was right. */
export function calibrationOf(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  binCount = ECE_BINS
): Calibration {
  const n = confidence.length
  const sumConf = new Array<number>(binCount).fill(0)
  const sumRight = new Array<number>(binCount).fill(0)
  const count = new Array<number>(binCount).fill(0)
  for (let i = 0; i < n; i++) {
    const c = Math.min(1, Math.max(0, confidence[i]))
    const b = Math.min(binCount - 1, Math.max(0, Math.ceil(c * binCount) - 1))
    sumConf[b] += c
    sumRight[b] += correct[i] ? 1 : 0
    count[b]++
  }
  let ece = 0
  const bins: ReliabilityBin[] = count.map((m, b) => {
    if (m) ece += (m / n) * Math.abs(sumRight[b] / m - sumConf[b] / m)
    return {
      lo: b / binCount,
      hi: (b + 1) / binCount,
      count: m,
      confidence: m ? sumConf[b] / m : null,
      accuracy: m ? sumRight[b] / m : null
    }
  })
  return { ece: n ? ece : 0, bins }
}
