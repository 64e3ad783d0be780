import { describe, expect, it } from 'vitest'
import { countSample, formatSampleResult, type CellOutcome } from '../../../src/main/core/cells/sample-counts'
import { samplesTable } from '../../../src/main/core/report/samples-csv'
import { UNIDENTIFIED } from '../../../src/shared/differential'

/** Cells of one field, each with the model's class and, where given, a person's. */
const cells = (list: [predicted: string, label?: string][]): CellOutcome[] =>
  list.map(([predicted, label]) => ({
    fieldPath: '/s/p1/f.jpg',
    predicted,
    flagged: false,
    reviewed: label !== undefined,
    ...(label !== undefined ? { label } : {})
  }))

describe('a cell a person classed unidentified in the per-sample counts', () => {
  it('is a class of its own, with its count and interval, and the shares add up to the cells counted', () => {
    const s = countSample(
      'p1',
      cells([['ALL'], ['HEM'], ['HEM'], ['ALL', UNIDENTIFIED], ['HEM', 'ALL']]),
      ['ALL', 'HEM'],
      1
    )
    expect(Object.keys(s.byClass)).toEqual(['ALL', 'HEM', UNIDENTIFIED])
    expect(s.counted).toBe(5)
    expect(Object.values(s.byClass).reduce((n, p) => n + p.count, 0)).toBe(s.counted)
    expect(Object.values(s.byClass).reduce((n, p) => n + p.percent, 0)).toBeCloseTo(100, 10)
    const u = s.byClass[UNIDENTIFIED]
    // 1 of 5: 95% Wilson 3.6–62.4%
    expect([u.count, u.percent, u.low.toFixed(1), u.high.toFixed(1)]).toEqual([1, 20, '3.6', '62.4'])
    expect(formatSampleResult(s)).toMatch(/, unidentified 1 \(20\.0%, 95% CI 3\.6–62\.4%\) of 5 cells$/)
  })

  it('is listed last whatever order the reviews came in, and not at all while nobody used it', () => {
    const s = countSample(
      'p1',
      cells([
        ['ALL', UNIDENTIFIED],
        ['HEM', 'Blast']
      ]),
      ['ALL', 'HEM'],
      1
    )
    expect(Object.keys(s.byClass)).toEqual(['ALL', 'HEM', 'Blast', UNIDENTIFIED])
    expect(Object.keys(countSample('p2', cells([['ALL'], ['HEM']]), ['ALL', 'HEM'], 1).byClass)).toEqual([
      'ALL',
      'HEM'
    ])
  })

  it('gets its columns in the samples CSV, empty for a sample that has none', () => {
    const a = countSample('a', cells([['ALL', UNIDENTIFIED], ['HEM']]), ['ALL', 'HEM'], 1)
    const b = countSample('b', cells([['ALL'], ['HEM']]), ['ALL', 'HEM'], 1)
    const t = samplesTable([a, b], ['ALL', 'HEM'])
    const col = t.header.indexOf(`${UNIDENTIFIED}_count`)
    expect(col).toBeGreaterThan(t.header.indexOf('HEM_count'))
    expect(t.header.slice(col, col + 4)).toEqual([
      'unidentified_count',
      'unidentified_percent',
      'unidentified_ci95_low',
      'unidentified_ci95_high'
    ])
    expect(t.lines.map((l) => l[col])).toEqual([1, null])
  })
})
