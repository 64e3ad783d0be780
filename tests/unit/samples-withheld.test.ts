import { describe, expect, it } from 'vitest'
import { countSample, formatSampleResult, type CellOutcome } from '../../src/main/core/cells/sample-counts'
import { samplesTable } from '../../src/main/core/report/samples-csv'
import { signOffGate, signOffRefusal } from '../../src/main/core/samples/sign-off-gate'
import { parseUnfamiliarLimit } from '../../src/main/core/scan/settings'
import { imageReasons } from '../../src/main/core/trust/image-checks'
import { describeFlagReason, splitFlagReason, unfamiliarReasons } from '../../src/shared/flag-reasons'
import type { ImageProfile } from '../../src/shared/types/trust'

/** `n` cells of one field: the first `unfamiliar` unlike the training data, `all` of the rest called ALL. */
function cells(n: number, unfamiliar: number, all: number): CellOutcome[] {
  return Array.from({ length: n }, (_, i) => ({
    fieldPath: '/s/f.jpg',
    // The unfamiliar cells are all called ALL: were they counted, ALL's share would move.
    predicted: i < unfamiliar || i - unfamiliar < all ? 'ALL' : 'HEM',
    flagged: i < unfamiliar,
    reviewed: false,
    unfamiliar: i < unfamiliar
  }))
}

describe('unfamiliar cells and withheld samples', () => {
  it('counts unfamiliar cells apart: percentages rest on the familiar cells only', () => {
    // 20 cells, 2 unfamiliar (10%, at the limit: kept), 9 of the 18 others ALL.
    const s = countSample('S', cells(20, 2, 9), ['ALL', 'HEM'], 1, 0.1)
    expect(s.withheld).toBe(false)
    expect(s.reason).toBeUndefined()
    expect([s.cells, s.unfamiliar, s.counted]).toEqual([20, 2, 18])
    expect(s.byClass.ALL.count).toBe(9)
    expect(s.byClass.ALL.percent).toBeCloseTo(50, 10)
    expect(s.byClass.HEM.percent).toBeCloseTo(50, 10)
    expect(formatSampleResult(s)).toMatch(/^ALL 9 \(50\.0%.*of 18 cells; 2 unfamiliar cells counted apart$/)
  })

  it('withholds every class percentage above the limit, with the reason', () => {
    // 3 of 20 = 15% > 10%.
    const s = countSample('S', cells(20, 3, 9), ['ALL', 'HEM'], 1, 0.1)
    expect(s.withheld).toBe(true)
    expect(s.byClass).toEqual({})
    expect(s.reason).toBe("No result: 3 of 20 cells are unlike this model's training data")
    expect(formatSampleResult(s)).toBe(s.reason)
    // The same cells under a 20% limit: a result again.
    expect(countSample('S', cells(20, 3, 9), ['ALL', 'HEM'], 1, 0.2).withheld).toBe(false)
  })

  it('reads the limit as a share or a percentage, and refuses anything else', () => {
    expect(parseUnfamiliarLimit('10%', 'x')).toBeCloseTo(0.1, 12)
    expect(parseUnfamiliarLimit('0.25', 'x')).toBe(0.25)
    expect(() => parseUnfamiliarLimit('', 'x')).toThrow(/share from 0 to 1/)
    expect(() => parseUnfamiliarLimit('150%', 'x')).toThrow(/share from 0 to 1/)
    expect(() => parseUnfamiliarLimit('ten', 'x')).toThrow(/share from 0 to 1/)
  })

  it('writes a withheld sample to the summary CSV with the reason and empty class columns', () => {
    const s = countSample('S', cells(20, 3, 9), ['ALL', 'HEM'], 1, 0.1)
    const t = samplesTable([s], ['ALL', 'HEM'])
    const row = Object.fromEntries(t.header.map((h, i) => [h, t.lines[0][i]]))
    expect(row).toMatchObject({ sample: 'S', cells: 20, unfamiliar: 3, counted: 17, withheld: true })
    expect(row.reason).toBe(s.reason)
    expect([row.ALL_count, row.ALL_percent, row.HEM_ci95_high]).toEqual([null, null, null])
  })
})

describe('sign-off gate', () => {
  const ok = countSample('S', cells(20, 0, 9), ['ALL', 'HEM'], 1)
  it('allows sign-off of a result with every flagged cell reviewed', () => {
    expect(signOffGate([ok])).toEqual({ possible: true, reasons: [] })
    expect(signOffRefusal(signOffGate([ok]))).toBeUndefined()
  })

  it('refuses a withheld sample, and one with flagged cells nobody reviewed, saying why', () => {
    const withheld = countSample('S', cells(20, 3, 9), ['ALL', 'HEM'], 1)
    const g = signOffGate([withheld])
    expect(g.possible).toBe(false)
    expect(g.reasons).toEqual([
      "No result: 3 of 20 cells are unlike this model's training data",
      '3 of 3 flagged cells are not reviewed yet'
    ])
    expect(signOffRefusal(g)).toBe(
      "Sign-off not possible: No result: 3 of 20 cells are unlike this model's training data; 3 of 3 flagged cells are not reviewed yet."
    )
    // Reviewing the flagged cells lifts that reason, not the withheld one.
    const reviewed = countSample(
      'S',
      cells(20, 3, 9).map((c) => ({ ...c, reviewed: c.flagged })),
      ['ALL', 'HEM'],
      1
    )
    expect(signOffGate([reviewed]).reasons).toEqual([reviewed.reason])
    // Several samples: each reason names its sample.
    expect(signOffGate([ok, { ...withheld, sample: 'T' }]).reasons[0]).toMatch(/^sample T: No result/)
    expect(signOffGate([countSample('S', [], ['ALL', 'HEM'], 1)]).reasons).toEqual(['no cell was classified'])
  })
})

describe('flag reasons', () => {
  const stored =
    'unlike the training images (score 0.9 > 0.6); colours unlike the training images (mean blue 189, training 239; score 333 > 101); ' +
    'format png (trained on jpeg); confidence 0.92 below 0.95'

  it('splits the stored reason outside parentheses and names each kind', () => {
    expect(splitFlagReason(stored).map((p) => p.kind)).toEqual([
      'unfamiliar',
      'image-check',
      'image-check',
      'confidence'
    ])
    expect(splitFlagReason(stored)[1].text).toBe(
      'colours unlike the training images (mean blue 189, training 239; score 333 > 101)'
    )
    expect(describeFlagReason('confidence 0.70 below 0.95')).toBe(
      'low confidence / near the decision threshold: confidence 0.70 below 0.95'
    )
    expect(unfamiliarReasons(stored)).toHaveLength(3)
    expect(splitFlagReason(null)).toEqual([])
  })
})

describe('image checks of field crops', () => {
  // A colour reference with an identity precision: the squared distance is the plain one.
  const identity = Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 1 : 0))
  const ref: ImageProfile = {
    formats: ['jpeg'],
    width: { min: 224, max: 224 },
    height: { min: 224, max: 224 },
    colour: { mean: [200, 200, 230, 30, 30, 20], precision: identity, threshold: 100 }
  }
  const like = Float64Array.from([201, 199, 231, 30, 31, 20])
  const unlike = Float64Array.from([150, 160, 180, 30, 30, 20])

  it('never flags the tool’s own crop for its format or size; its colours are still checked', () => {
    const crop = { format: 'png', width: 326, height: 326, colour: like }
    expect(imageReasons(crop, ref)).toEqual([
      'format png (trained on jpeg)',
      'size 326×326 (trained on 224×224)'
    ])
    expect(imageReasons(crop, ref, { crop: true })).toEqual([])
    const stained = imageReasons({ ...crop, colour: unlike }, ref, { crop: true })
    expect(stained).toHaveLength(1)
    expect(stained[0]).toMatch(/^colours unlike the training images/)
  })
})
