import { describe, expect, it } from 'vitest'
import { PlateauState, PUBLISHED_PLATEAU } from '../../src/main/core/engine/training/plateau'

const feed = (s: PlateauState, rows: [number, number][]) =>
  rows.map(([accuracy, valLoss]) => s.update({ loss: 0, accuracy, valLoss, valAccuracy: 0 }))

describe('plateau callback (published rule: patience 1, halve, stop after 3 halvings)', () => {
  it('watches validation loss, halves on each non-improving epoch, stops at the third halving in a row', () => {
    const s = new PlateauState({ ...PUBLISHED_PLATEAU, monitor: 'val_loss', learningRate: 1e-4 })
    const d = feed(s, [
      [0.5, 1.0],
      [0.5, 0.9],
      [0.5, 0.95], // halve → 5e-5
      [0.5, 0.85], // improvement resets the count of halvings
      [0.5, 0.9], // 2.5e-5
      [0.5, 0.91], // 1.25e-5
      [0.5, 0.92] // 6.25e-6, third halving without improvement → stop
    ])
    expect(d.map((x) => x.improved)).toEqual([true, true, false, true, false, false, false])
    expect(d.map((x) => x.reduced)).toEqual([false, false, true, false, true, true, true])
    expect(d.map((x) => x.stop)).toEqual([false, false, false, false, false, false, true])
    expect(d[6].learningRate).toBeCloseTo(6.25e-6, 15)
    expect(s.bestEpoch).toBe(4)
    expect(() => s.update({ loss: 0, accuracy: 0, valLoss: 0, valAccuracy: 0 })).toThrow(/stopped/)
  })

  it('an equal validation loss is not an improvement', () => {
    const s = new PlateauState({ ...PUBLISHED_PLATEAU, monitor: 'val_loss', learningRate: 1 })
    const d = feed(s, [
      [0, 0.5],
      [0, 0.5]
    ])
    expect(d[1]).toMatchObject({ improved: false, reduced: true, learningRate: 0.5 })
  })

  it('notebook rule: training accuracy below 0.9, validation loss after', () => {
    const s = new PlateauState({ ...PUBLISHED_PLATEAU, monitor: 'notebook', learningRate: 1e-4 })
    const d = feed(s, [
      [0.6, 1.0], // acc improves; lowest val loss remembered = 1.0
      [0.7, 0.8], // acc improves; lowest val loss = 0.8
      [0.65, 0.7], // acc did not improve → halve (0.7 is not remembered: the notebook only did so on improvement)
      [0.92, 0.75], // acc ≥ 0.9 → watch val loss: 0.75 < 0.8 improves
      [0.95, 0.76] // no improvement → halve
    ])
    expect(d.map((x) => x.monitor)).toEqual(['accuracy', 'accuracy', 'accuracy', 'val_loss', 'val_loss'])
    expect(d.map((x) => x.improved)).toEqual([true, true, false, true, false])
    expect(d[4].learningRate).toBeCloseTo(2.5e-5, 15)
    expect(s.bestEpoch).toBe(4)
  })

  it('longer patience waits before halving', () => {
    const s = new PlateauState({ ...PUBLISHED_PLATEAU, patience: 2, monitor: 'val_loss', learningRate: 1 })
    const d = feed(s, [
      [0, 1],
      [0, 2],
      [0, 2]
    ])
    expect(d.map((x) => x.reduced)).toEqual([false, false, true])
  })

  it('rejects nonsense options', () => {
    expect(() => new PlateauState({ ...PUBLISHED_PLATEAU, monitor: 'val_loss', learningRate: 0 })).toThrow()
    expect(
      () => new PlateauState({ ...PUBLISHED_PLATEAU, factor: 1, monitor: 'val_loss', learningRate: 1 })
    ).toThrow()
  })
})
