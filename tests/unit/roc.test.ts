import { describe, expect, it } from 'vitest'
import { ROC_MAX_POINTS, rocCurve } from '../../src/main/core/engine/metrics/roc'
import { rocAuc } from '../../src/main/core/engine/metrics/classification'
import { metricsOf } from '../../src/main/core/engine/metrics/evaluate'

/** Area under the stored points by trapezoids: must equal the rank-statistic AUC when nothing was thinned. */
function trapezoidArea(c: { fpr: number[]; tpr: number[] }): number {
  let a = 0
  for (let i = 1; i < c.fpr.length; i++) a += ((c.fpr[i] - c.fpr[i - 1]) * (c.tpr[i] + c.tpr[i - 1])) / 2
  return a
}

describe('ROC curve points (hand-computed)', () => {
  it("matches scikit-learn's documented roc_curve example", () => {
    // y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]
    // → fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1], thresholds [inf (here max + 1), .8, .4, .35, .1]
    const c = rocCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true])!
    expect(c.fpr).toEqual([0, 0, 0.5, 0.5, 1])
    expect(c.tpr).toEqual([0, 0.5, 0.5, 1, 1])
    expect(c.thresholds).toEqual([1.8, 0.8, 0.4, 0.35, 0.1])
  })

  it('takes tied scores together and drops points on a straight segment', () => {
    // descending: .9 (pos, neg tied) .7 pos, .6 pos, .5 neg, .2 neg; 3 positives, 3 negatives
    // counts (fp, tp): (0,0) (1,1) (1,2) (1,3) (2,3) (3,3); (1,2) and (2,3) lie on straight segments
    const scores = [0.9, 0.9, 0.7, 0.6, 0.5, 0.2]
    const pos = [true, false, true, true, false, false]
    const c = rocCurve(scores, pos)!
    expect(c.fpr).toEqual([0, 1 / 3, 1 / 3, 1])
    expect(c.tpr).toEqual([0, 1 / 3, 1, 1])
    expect(c.thresholds).toEqual([1.9, 0.9, 0.6, 0.2])
    // area: 1/18 (tied diagonal) + 2/3 = 13/18, the same as the rank statistic
    expect(trapezoidArea(c)).toBeCloseTo(13 / 18, 12)
    expect(rocAuc(scores, pos)).toBeCloseTo(13 / 18, 12)
  })

  it('is undefined with one class only, and refuses mismatched lengths', () => {
    expect(rocCurve([0.2, 0.8], [true, true])).toBeUndefined()
    expect(rocCurve([0.2, 0.8], [false, false])).toBeUndefined()
    expect(() => rocCurve([0.2, 0.8], [true])).toThrow(/2 scores but 1 labels/)
  })

  it(`thins a long curve to ${ROC_MAX_POINTS} points from (0, 0) to (1, 1), never going back`, () => {
    // 1000 distinct scores with alternating labels: every point is a corner, 1001 before thinning
    const n = 1000
    const scores = Array.from({ length: n }, (_, i) => i / n)
    const pos = Array.from({ length: n }, (_, i) => i % 2 === 0)
    const c = rocCurve(scores, pos)!
    expect(c.fpr).toHaveLength(ROC_MAX_POINTS)
    expect([c.fpr[0], c.tpr[0], c.fpr.at(-1), c.tpr.at(-1)]).toEqual([0, 0, 1, 1])
    for (let i = 1; i < c.fpr.length; i++) {
      expect(c.fpr[i]).toBeGreaterThanOrEqual(c.fpr[i - 1])
      expect(c.tpr[i]).toBeGreaterThanOrEqual(c.tpr[i - 1])
      expect(c.thresholds[i]).toBeLessThan(c.thresholds[i - 1])
    }
    // still the same curve: its area stays within a step of the exact AUC
    expect(Math.abs(trapezoidArea(c) - rocAuc(scores, pos)!)).toBeLessThan(0.01)
  })

  it('metricsOf keeps the points only when asked, and only for two classes', () => {
    const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7]) // p(ALL) = .9 .2 .6 .3
    const labels = Int32Array.from([0, 1, 1, 0])
    expect(metricsOf(probs, labels, ['ALL', 'HEM'], null).roc).toBeUndefined()
    const m = metricsOf(probs, labels, ['ALL', 'HEM'], null, { withRoc: true })
    // ALL scores: pos .9, .3; neg .6, .2 → (0,.5) at .9, (.5,.5) at .6, (.5,1) at .3, (1,1) at .2
    expect(m.roc?.fpr).toEqual([0, 0, 0.5, 0.5, 1])
    expect(m.roc?.tpr).toEqual([0, 0.5, 0.5, 1, 1])
    expect(trapezoidArea(m.roc!)).toBeCloseTo(m.rocAuc!, 6)
    const three = metricsOf(Float32Array.from([0.5, 0.3, 0.2]), Int32Array.from([0]), ['a', 'b', 'c'], null, {
      withRoc: true
    })
    expect(three.roc).toBeUndefined()
  })
})
