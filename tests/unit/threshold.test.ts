import { describe, expect, it } from 'vitest'
import { applyThreshold, argmaxRows, chooseThreshold } from '../../src/main/core/engine/metrics/threshold'

//            0.9 0.8 0.7 0.6 0.4 0.3 0.2 0.1
// positive?   T   T   F   T   F   F   T   F      (4 positive, 4 negative)
const scores = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1]
const positive = [true, true, false, true, false, false, true, false]

describe('operating threshold', () => {
  it('maximises balanced accuracy; ties go to the value nearest 0.5', () => {
    // cut below 0.8: sens .5 spec 1 → .75; cut below 0.6: sens .75 spec .75 → .75 (tie, midpoint 0.5 wins)
    const t = chooseThreshold({ scores, positive, positiveClass: 'ALL' })
    expect(t.rule).toEqual({ kind: 'max-balanced-accuracy' })
    expect(t.value).toBeCloseTo(0.5, 12)
    expect(t.validation).toEqual({
      balancedAccuracy: 0.75,
      sensitivity: 0.75,
      specificity: 0.75,
      positives: 4,
      negatives: 4
    })
  })

  it('target sensitivity picks the highest threshold that reaches it', () => {
    const t = chooseThreshold({ scores, positive, positiveClass: 'ALL', targetSensitivity: 0.98 })
    // all four positives caught only below 0.2 → midpoint of 0.2 and 0.1
    expect(t.value).toBeCloseTo(0.15, 12)
    expect(t.rule).toEqual({ kind: 'target-sensitivity', target: 0.98, reached: 1 })
    expect(t.validation.specificity).toBe(0.25)
    const half = chooseThreshold({ scores, positive, positiveClass: 'ALL', targetSensitivity: 0.5 })
    expect(half.value).toBeCloseTo(0.75, 12)
  })

  it('refuses a validation split with one class only', () => {
    expect(() =>
      chooseThreshold({ scores: [0.3, 0.6], positive: [true, true], positiveClass: 'ALL' })
    ).toThrow(/2 positive and 0 negative/)
  })

  it('applies a threshold and arg-max to row-major probabilities', () => {
    const probs = [0.6, 0.4, 0.3, 0.7, 0.45, 0.55]
    expect(Array.from(applyThreshold(probs, 0, 0.4))).toEqual([0, 1, 0])
    expect(Array.from(applyThreshold(probs, 0, 0.5))).toEqual([0, 1, 1])
    expect(Array.from(argmaxRows(probs, 2))).toEqual([0, 1, 1])
  })
})
