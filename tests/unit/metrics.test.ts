import { describe, expect, it } from 'vitest'
import {
  classificationMetrics,
  confusionMatrix,
  rocAuc
} from '../../src/main/core/engine/metrics/classification'

describe('classification metrics (hand-computed)', () => {
  // truth   0 0 0 1 1 2
  // predict 0 1 0 1 2 2
  const truth = [0, 0, 0, 1, 1, 2]
  const pred = [0, 1, 0, 1, 2, 2]
  const m = classificationMetrics(['a', 'b', 'c'], truth, pred)

  it('confusion matrix is [truth][predicted]', () => {
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1]
    ])
    expect(m.count).toBe(6)
  })

  it('per-class precision, recall, F1, support', () => {
    // a: tp 2 of 2 predicted, 3 true → P 1, R 2/3, F1 0.8
    expect(m.perClass[0]).toMatchObject({ name: 'a', precision: 1, support: 3 })
    expect(m.perClass[0].recall).toBeCloseTo(2 / 3, 12)
    expect(m.perClass[0].f1).toBeCloseTo(0.8, 12)
    // b: tp 1 of 2 predicted, 2 true → 0.5 / 0.5 / 0.5
    expect(m.perClass[1]).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 })
    // c: tp 1 of 2 predicted, 1 true → P 0.5, R 1, F1 2/3
    expect(m.perClass[2].precision).toBe(0.5)
    expect(m.perClass[2].recall).toBe(1)
    expect(m.perClass[2].f1).toBeCloseTo(2 / 3, 12)
  })

  it('accuracy, weighted F1, balanced accuracy', () => {
    expect(m.accuracy).toBeCloseTo(4 / 6, 12)
    expect(m.weightedF1).toBeCloseTo((0.8 * 3 + 0.5 * 2 + (2 / 3) * 1) / 6, 12)
    expect(m.balancedAccuracy).toBeCloseTo((2 / 3 + 0.5 + 1) / 3, 12)
    expect(m.rocAuc).toBeUndefined()
  })

  it('zero division gives 0, balanced accuracy skips absent classes (as scikit-learn)', () => {
    const z = classificationMetrics(['x', 'y', 'z'], [0, 0, 1], [0, 0, 0])
    expect(z.perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 })
    expect(z.perClass[2]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0 })
    expect(z.balancedAccuracy).toBeCloseTo(0.5, 12)
  })

  it('ROC AUC matches scikit-learn examples, ties count half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75, 12)
    expect(rocAuc([0.5, 0.5], [true, false])).toBeCloseTo(0.5, 12)
    expect(rocAuc([0.2, 0.9], [false, false])).toBeUndefined()
    const two = classificationMetrics(['all', 'hem'], [0, 1, 0, 1], [0, 1, 1, 1], {
      index: 0,
      scores: [0.8, 0.1, 0.4, 0.35]
    })
    // positive = class 0 ('all'): scores of positives 0.8, 0.4; negatives 0.1, 0.35 → all 4 pairs ordered
    expect(two.rocAuc).toBe(1)
  })

  it('rejects mismatched or out-of-range labels', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/2 labels but 1/)
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/outside/)
  })
})
