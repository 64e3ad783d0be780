import { describe, expect, it } from 'vitest'
import { chooseThreshold } from '../../src/main/core/engine/metrics/threshold'
import { parseOperatingPoint, thresholdTargets } from '../../src/main/core/trust/operating-point'
import { falseAlarmsPer100, formatThreshold } from '../../src/main/core/engine/metrics/format'
import { mulberry32 } from '../../src/main/core/splits/random'

/** 1,000 positives with scores evenly spread on [0.2, 1) and 1,000 negatives on [0, 0.8). */
function planted(): { scores: number[]; positive: boolean[] } {
  const scores: number[] = []
  const positive: boolean[] = []
  const rnd = mulberry32(9)
  for (let i = 0; i < 1000; i++) {
    scores.push(0.2 + (0.8 * (i + rnd() * 0.5)) / 1000)
    positive.push(true)
    scores.push((0.8 * (i + rnd() * 0.5)) / 1000)
    positive.push(false)
  }
  return { scores, positive }
}

describe('operating point chosen by the user', () => {
  it('reaches a planted sensitivity: 98% of positives lie above 0.216, so the threshold sits just below it', () => {
    const { scores, positive } = planted()
    const t = chooseThreshold({
      scores,
      positive,
      positiveClass: 'ALL',
      ...thresholdTargets(parseOperatingPoint('sensitivity:0.98'))
    })
    expect(t.rule).toMatchObject({ kind: 'target-sensitivity', target: 0.98 })
    expect(t.validation.sensitivity).toBeGreaterThanOrEqual(0.98)
    expect(t.validation.sensitivity).toBeLessThan(0.982)
    expect(t.value).toBeGreaterThan(0.214)
    expect(t.value).toBeLessThan(0.218)
    // negatives above 0.216: (0.8 − 0.216) / 0.8 = 73% of them called ALL
    expect(t.validation.specificity).toBeCloseTo(0.27, 2)
    // cost: 730 false alarms for 980 positives caught
    expect(falseAlarmsPer100(t)).toBeCloseTo(74.5, 0)
    expect(formatThreshold(t)).toMatch(/costs 74\.\d other-class cells called ALL per 100 ALL cells caught/)
  })

  it('reaches a planted specificity: 95% of negatives lie below 0.76', () => {
    const { scores, positive } = planted()
    const t = chooseThreshold({
      scores,
      positive,
      positiveClass: 'ALL',
      ...thresholdTargets(parseOperatingPoint('specificity:0.95'))
    })
    expect(t.rule).toMatchObject({ kind: 'target-specificity', target: 0.95 })
    expect(t.validation.specificity).toBeGreaterThanOrEqual(0.95)
    expect(t.validation.specificity).toBeLessThan(0.952)
    expect(t.value).toBeGreaterThan(0.758)
    expect(t.value).toBeLessThan(0.762)
    // positives above 0.76: (1 − 0.76) / 0.8 = 30%
    expect(t.validation.sensitivity).toBeCloseTo(0.3, 2)
  })

  it('parses the three rules and refuses others in one sentence', () => {
    expect(parseOperatingPoint('balanced')).toEqual({ kind: 'balanced' })
    expect(parseOperatingPoint('Sensitivity:.9')).toEqual({ kind: 'sensitivity', target: 0.9 })
    expect(thresholdTargets({ kind: 'balanced' })).toEqual({})
    for (const bad of ['sensitivity', 'sensitivity:1.5', 'recall:0.9', 'specificity:0'])
      expect(() => parseOperatingPoint(bad)).toThrow(/invalid operating point .* e\.g\. sensitivity:0\.98/)
  })
})
