import { describe, expect, it } from 'vitest'
import { validationStudy, type StudyItem } from '../../../src/main/core/validation/study'
import { cohenKappa } from '../../../src/main/core/stats/kappa'

/** `n` cells of one sample with the given (reference, model) classes. */
const cells = (sample: string, n: number, reference: string, test: string): StudyItem[] =>
  Array.from({ length: n }, (_, i) => ({
    path: `${sample}/${reference}-${test}-${i}`,
    sample,
    reference,
    test
  }))

describe('validation study', () => {
  const items = [
    ...cells('s1', 8, 'ALL', 'ALL'),
    ...cells('s1', 2, 'HEM', 'ALL'),
    ...cells('s1', 10, 'HEM', 'HEM'),
    ...cells('s2', 3, 'ALL', 'ALL'),
    ...cells('s2', 1, 'ALL', 'HEM'),
    ...cells('s2', 16, 'HEM', 'HEM'),
    ...cells('s3', 12, 'ALL', 'ALL'),
    ...cells('s3', 8, 'HEM', 'HEM'),
    ...cells('s4', 1, 'ALL', 'ALL'),
    ...cells('s4', 19, 'HEM', 'HEM')
  ]

  it('tabulates agreement, kappa and blast sensitivity/specificity with their counts', () => {
    const s = validationStudy(items, 'ALL').agreement!
    expect(s.classes).toEqual(['ALL', 'HEM'])
    expect(s.table).toEqual([
      [24, 1],
      [2, 53]
    ])
    expect(s.overall).toMatchObject({ k: 77, n: 80 })
    expect(s.kappa).toEqual(cohenKappa(s.table))
    expect(s.blasts.sensitivity).toMatchObject({ k: 24, n: 25 })
    expect(s.blasts.specificity).toMatchObject({ k: 53, n: 55 })
    expect(s.perClass[1]).toMatchObject({ cls: 'HEM', calledByModel: 54 })
  })

  it('compares the per-sample blast percentage by Bland–Altman and Passing–Bablok', () => {
    const s = validationStudy(items, 'ALL')
    expect(s.samples.map((x) => [x.sample, x.test.k, x.reference.k])).toEqual([
      ['s1', 10, 8],
      ['s2', 3, 4],
      ['s3', 12, 12],
      ['s4', 1, 1]
    ])
    if ('withheld' in s.methods) throw new Error(s.methods.withheld)
    // differences in points: +10, −5, 0, 0 → bias 1.25
    expect(s.methods.blandAltman.bias).toBeCloseTo(1.25, 10)
    expect(s.methods.blandAltman.n).toBe(4)
    expect(s.methods.passingBablok).toMatchObject({ n: 4 })
  })

  it("compares the model's per-sample share with manual counts, leaving out samples not in both", () => {
    const s = validationStudy([], 'ALL', {
      counts: [
        { sample: 'a', cells: 100, blasts: 20 },
        { sample: 'b', cells: 100, blasts: 5 },
        { sample: 'c', cells: 200, blasts: 90 },
        { sample: 'gone', cells: 100, blasts: 1 }
      ],
      modelSamples: [
        { sample: 'a', cells: 80, blasts: 20 },
        { sample: 'b', cells: 50, blasts: 2 },
        { sample: 'c', cells: 120, blasts: 60 },
        { sample: 'new', cells: 10, blasts: 0 }
      ]
    })
    expect(s.agreement).toBeNull()
    expect(s.sampleReference).toBe('manual counts')
    expect(s.samples.map((x) => [x.sample, x.test.value, x.reference.value])).toEqual([
      ['a', 0.25, 0.2],
      ['b', 0.04, 0.05],
      ['c', 0.5, 0.45]
    ])
    if ('withheld' in s.methods) throw new Error(s.methods.withheld)
    // differences in points: +5, −1, +5
    expect(s.methods.blandAltman.bias).toBeCloseTo(3, 10)
  })

  it('withholds the method comparison with fewer than 3 samples, and kappa with one class', () => {
    const two = validationStudy([...cells('a', 5, 'ALL', 'ALL'), ...cells('b', 5, 'HEM', 'HEM')], 'ALL')
    expect(two.methods).toEqual({
      withheld: '2 sample(s): Bland–Altman and Passing–Bablok need at least 3 samples'
    })
    // one class in the reference: chance agreement is the observed one, kappa 0 by construction — withheld
    const oneSided = validationStudy([...cells('a', 3, 'HEM', 'HEM'), ...cells('a', 1, 'HEM', 'ALL')], 'ALL')
    expect(oneSided.agreement!.kappa).toEqual({
      withheld:
        'the reference gives every compared cell one class (HEM): kappa needs two classes on each side'
    })
    // every sample's reference share alike: no regression line, the Bland–Altman limits still stand
    const flat = validationStudy(
      ['a', 'b', 'c'].flatMap((x, i) => [...cells(x, 2, 'HEM', 'HEM'), ...cells(x, i, 'HEM', 'ALL')]),
      'ALL'
    )
    if ('withheld' in flat.methods) throw new Error(flat.methods.withheld)
    expect(flat.methods.passingBablok).toEqual({
      withheld:
        'the reference shares do not differ enough between samples for a regression (1 distinct value(s))'
    })
    const one = validationStudy(cells('a', 5, 'HEM', 'HEM'), 'ALL').agreement!
    expect(one.kappa).toEqual({ withheld: 'every cell is HEM: kappa needs two classes' })
    expect(Number.isNaN(one.blasts.sensitivity.value)).toBe(true)
  })
})
