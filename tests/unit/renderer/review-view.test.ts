import { describe, expect, it } from 'vitest'
import {
  applyFilter,
  caption,
  classCounts,
  classTone,
  NO_FILTER,
  nextUnreviewedFlagged,
  reviewStatus,
  selectClick,
  shortCaption
} from '../../../src/renderer/src/logic/review-view'
import { bestEpoch, operatingPoint, splitTooSmall } from '../../../src/renderer/src/logic/charts'
import { wilsonInterval } from '../../../src/shared/stats'
import type { EpochLog } from '../../../src/shared/types/training'
import { predictionRow } from './prediction-row'

const row = (path: string, predicted: string, confidence: number, review: string | null = null) =>
  predictionRow(path, predicted, confidence, { review })

const rows = [
  row('a', 'HEM', 0.72, 'ALL'),
  row('b', 'ALL', 0.95, 'ALL'),
  row('c', 'HEM', 0.6),
  row('d', 'HEM', 0.9)
]

describe('review view', () => {
  it('tells confirmed, relabelled and pending cells apart, with the model answer in the caption', () => {
    expect(rows.map(reviewStatus)).toEqual(['relabelled', 'confirmed', 'pending', 'pending'])
    expect(caption(rows[0])).toBe('model HEM 72% → ALL')
    expect(shortCaption(rows[0])).toBe('HEM 72% → ALL')
    expect(caption(rows[1])).toBe('ALL 95% ✓')
    expect(caption(rows[2])).toBe('HEM 60% · flagged')
    expect(['ALL', 'HEM', 'unfamiliar'].map(classTone)).toEqual(['all', 'hem', 'other'])
  })

  it('filters on the final label and on the model answer separately, and sorts', () => {
    expect(applyFilter(rows, { ...NO_FILTER, final: 'ALL' }).map((r) => r.path)).toEqual(['a', 'b'])
    expect(applyFilter(rows, { ...NO_FILTER, model: 'ALL' }).map((r) => r.path)).toEqual(['b'])
    expect(
      applyFilter(rows, { ...NO_FILTER, status: 'pending', sort: 'confidence-desc' }).map((r) => r.path)
    ).toEqual(['d', 'c'])
    expect(applyFilter(rows, { ...NO_FILTER, flagged: 'yes', search: 'C' }).map((r) => r.path)).toEqual(['c'])
  })

  it('searches and sorts the cells of whole fields by field and cell number, not by crop file', () => {
    const cell = (crop: string, field: string, n: number) => ({
      ...row(`/data/cells/${crop}.png`, 'HEM', 0.9),
      field: { path: `/smear/${field}.jpg`, cell: n }
    })
    const cells = [cell('zz-1', 'f1', 10), cell('aa-2', 'f2', 1), cell('mm-1', 'f1', 2)]
    expect(applyFilter(cells, { ...NO_FILTER, sort: 'path' }).map((r) => r.field!.cell)).toEqual([2, 10, 1])
    expect(applyFilter(cells, { ...NO_FILTER, search: 'F2' }).map((r) => r.path)).toEqual([
      '/data/cells/aa-2.png'
    ])
    expect(applyFilter(cells, { ...NO_FILTER, search: 'aa-2' })).toEqual([])
  })

  it('counts per class by final label and by model, ALL first', () => {
    expect(classCounts(rows)).toEqual([
      { label: 'ALL', tone: 'all', final: 2, model: 1, pending: 0 },
      { label: 'HEM', tone: 'hem', final: 2, model: 3, pending: 2 }
    ])
  })

  it('finds the next unreviewed flagged cell, wrapping around', () => {
    expect(nextUnreviewedFlagged(rows, 0)).toBe(2)
    expect(nextUnreviewedFlagged(rows, 2)).toBe(2)
    expect(nextUnreviewedFlagged(rows.slice(0, 2), 0)).toBe(-1)
  })

  it('selects like a file manager: click, ctrl toggles, shift extends from the anchor', () => {
    let s = selectClick(new Set(), -1, 2, {})
    expect([...s.selection]).toEqual([2])
    s = selectClick(s.selection, s.anchor, 5, { shift: true })
    expect([...s.selection].sort()).toEqual([2, 3, 4, 5])
    s = selectClick(s.selection, s.anchor, 3, { toggle: true })
    expect([...s.selection].sort()).toEqual([2, 4, 5])
    expect(s.anchor).toBe(3)
  })
})

describe('chart marks', () => {
  const m = {
    classes: ['ALL', 'HEM'],
    confusion: [
      [8, 2],
      [1, 9]
    ],
    perClass: [],
    accuracy: 0.85,
    weightedF1: 0.85,
    balancedAccuracy: 0.85,
    count: 20
  }
  it('puts the operating point at the confusion matrix rates of the positive class', () => {
    expect(operatingPoint(m)).toEqual({ tpr: 0.8, fpr: 0.1 })
  })
  it('gives the Wilson interval and calls a 20-image split too small', () => {
    const { low, high } = wilsonInterval(17, 20)
    expect(low).toBeCloseTo(0.64, 2)
    expect(high).toBeCloseTo(0.948, 2)
    expect(splitTooSmall(m)).toMatchObject({ low, high })
    expect(splitTooSmall(m).tooSmall).toBe(true)
    expect(splitTooSmall({ ...m, count: 5000 }).tooSmall).toBe(false)
  })
  it('marks the last improved epoch unless the version stores its best', () => {
    const e = (epoch: number, improved: boolean) => ({ epoch, improved }) as EpochLog
    expect(bestEpoch([e(1, true), e(2, true), e(3, false)])).toBe(2)
    expect(bestEpoch([e(1, true)], 7)).toBe(7)
  })
})
