/**
 * Sensitivity and specificity of one class against the rest, each with its 95% Wilson interval and the counts
 * it rests on.
 */
import { wilsonInterval } from '../cells/sample-counts'

export interface Rate {
  /** k of n, as a fraction, and its Wilson interval. */
  k: number
  n: number
  value: number
  low: number
  high: number
}

export function rate(k: number, n: number): Rate {
  const ci = wilsonInterval(k, n)
  return { k, n, value: n ? k / n : NaN, low: ci.low, high: ci.high }
}

export interface Detection {
  positive: string
  truePositive: number
  falseNegative: number
  trueNegative: number
  falsePositive: number
  sensitivity: Rate
  specificity: Rate
}

/** `pairs`: the method's class (`test`) and the reference's (`reference`) for each item. */
export function detection(
  pairs: readonly { test: string; reference: string }[],
  positive: string
): Detection {
  let tp = 0
  let fn = 0
  let tn = 0
  let fp = 0
  for (const { test, reference } of pairs) {
    const said = test === positive
    if (reference === positive) {
      if (said) tp++
      else fn++
    } else if (said) fp++
    else tn++
  }
  return {
    positive,
    truePositive: tp,
    falseNegative: fn,
    trueNegative: tn,
    falsePositive: fp,
    sensitivity: rate(tp, tp + fn),
    specificity: rate(tn, tn + fp)
  }
}

export { rateText } from '../../../shared/format/rate'
