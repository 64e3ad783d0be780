import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SplitName } from '../../src/shared/types/datasets'
import { assignSplits, parseRatios, type SplitItem } from '../../src/main/core/splits/assign'
import { mulberry32, shuffleInPlace } from '../../src/main/core/splits/random'
import { formatSplitTable, summariseSplit } from '../../src/main/core/splits/report'

/** `subjects` subjects per class with `perSubject(i)` images each. */
function makeItems(classes: Record<string, number>, perSubject: (i: number) => number): SplitItem[] {
  const items: SplitItem[] = []
  let id = 1
  for (const [label, subjects] of Object.entries(classes)) {
    for (let s = 0; s < subjects; s++) {
      for (let k = 0; k < perSubject(s); k++) {
        items.push({ imageId: id, key: `k${String(id).padStart(6, '0')}`, label, subject: `${label}-${s}` })
        id++
      }
    }
  }
  return items
}

function rowsOf(items: SplitItem[], a: Map<number, SplitName>) {
  return items.map((it) => ({ split: a.get(it.imageId)!, label: it.label, subject: it.subject }))
}

describe('seeded PRNG', () => {
  it('repeats a sequence for a seed and differs between seeds', () => {
    const a = mulberry32(7)
    const b = mulberry32(7)
    const c = mulberry32(8)
    const sa = Array.from({ length: 5 }, a)
    expect(Array.from({ length: 5 }, b)).toEqual(sa)
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa)
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true)
  })

  it('shuffles to a permutation', () => {
    const out = shuffleInPlace([1, 2, 3, 4, 5, 6, 7, 8], mulberry32(1))
    expect([...out].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(out).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })
})

describe('stratified, subject-grouped split', () => {
  beforeEach(() => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used')
    })
  })
  afterEach(() => vi.restoreAllMocks())

  const items = makeItems({ ALL: 47, HEM: 26 }, (i) => 50 + ((i * 37) % 200))
  const opts = { ratios: [70, 15, 15] as [number, number, number], seed: 42, by: 'subject' as const }

  it('never puts one subject in two splits', () => {
    const a = assignSplits(items, opts)
    const where = new Map<string, Set<SplitName>>()
    for (const it of items) {
      const set = where.get(it.subject!) ?? new Set()
      set.add(a.get(it.imageId)!)
      where.set(it.subject!, set)
    }
    for (const [, s] of where) expect(s.size).toBe(1)
    expect(a.size).toBe(items.length)
  })

  it('gives each split about its share of each class', () => {
    const a = assignSplits(items, opts)
    for (const label of ['ALL', 'HEM']) {
      const mine = items.filter((i) => i.label === label)
      const share = (s: SplitName) => mine.filter((i) => a.get(i.imageId) === s).length / mine.length
      expect(share('train')).toBeGreaterThan(0.62)
      expect(share('train')).toBeLessThan(0.78)
      expect(share('val')).toBeGreaterThan(0.08)
      expect(share('test')).toBeGreaterThan(0.08)
    }
  })

  it('is reproducible for a seed, different for another, and independent of input order', () => {
    const a = assignSplits(items, opts)
    expect(assignSplits([...items].reverse(), opts)).toEqual(a)
    expect(assignSplits(items, { ...opts, seed: 43 })).not.toEqual(a)
  })

  it('splits image by image when asked, still stratified', () => {
    const flat = makeItems({ A: 1, B: 1 }, () => 100)
    const a = assignSplits(flat, { ...opts, by: 'image' })
    const count = (label: string, s: SplitName) =>
      flat.filter((i) => i.label === label && a.get(i.imageId) === s).length
    expect([count('A', 'train'), count('A', 'val'), count('A', 'test')]).toEqual([70, 15, 15])
    expect([count('B', 'train'), count('B', 'val'), count('B', 'test')]).toEqual([70, 15, 15])
  })

  it('keeps existing assignments and sends new images of a known subject to its split', () => {
    const before = assignSplits(items, opts)
    const more = [...items, { imageId: 9999, key: 'new', label: 'ALL', subject: 'ALL-3' }]
    const after = assignSplits(more, { ...opts, seed: 5, existing: before })
    for (const [id, s] of before) expect(after.get(id)).toBe(s)
    expect(after.get(9999)).toBe(before.get(items.find((i) => i.subject === 'ALL-3')!.imageId))
  })

  it('with too few subjects fills train first, then val, and says what is missing', () => {
    // cnmc-samples: ALL from 1 subject (7 images), HEM from 2 subjects (3 + 3).
    const tiny: SplitItem[] = [
      ...Array.from({ length: 7 }, (_, i) => ({ imageId: i + 1, key: `a${i}`, label: 'ALL', subject: '2' })),
      ...Array.from({ length: 6 }, (_, i) => ({
        imageId: i + 20,
        key: `h${i}`,
        label: 'HEM',
        subject: i < 3 ? 'H1' : 'H2'
      }))
    ]
    const a = assignSplits(tiny, opts)
    const s = summariseSplit(rowsOf(tiny, a), opts)
    const train = s.splits.find((x) => x.split === 'train')!
    const val = s.splits.find((x) => x.split === 'val')!
    const test = s.splits.find((x) => x.split === 'test')!
    expect(train.classes).toEqual({ ALL: { images: 7, subjects: 1 }, HEM: { images: 3, subjects: 1 } })
    expect(val.classes).toEqual({ ALL: { images: 0, subjects: 0 }, HEM: { images: 3, subjects: 1 } })
    expect(test.images).toBe(0)
    expect(s.warnings).toEqual([
      'val and test have no ALL images: ALL has only 1 subject(s) (2) and no subject may be in two splits',
      'test has no HEM images: HEM has only 2 subject(s) (H1, H2) and no subject may be in two splits'
    ])
    expect(formatSplitTable(s)).toMatch(
      /train +10 images, 2 subjects: ALL 7 \(1 subj\.\), HEM 3 \(1 subj\.\)/
    )
  })

  it('leaves a zero-ratio split empty and rejects bad ratios', () => {
    const a = assignSplits(items, { ...opts, ratios: [80, 20, 0] })
    expect([...a.values()].includes('test')).toBe(false)
    expect(() => assignSplits(items, { ...opts, ratios: [0, 50, 50] })).toThrow(/invalid split ratios/)
    expect(parseRatios('80,10,10')).toEqual([80, 10, 10])
    expect(() => parseRatios('80,20')).toThrow(/expected three numbers/)
    expect(() => parseRatios('a,b,c')).toThrow(/invalid --ratios/)
  })

  it('warns when splitting by image although subjects are known, or when subjects are missing', () => {
    const rows = rowsOf(items, assignSplits(items, { ...opts, by: 'image' }))
    expect(summariseSplit(rows, { ...opts, by: 'image' }).warnings[0]).toMatch(
      /split by image although subjects are known/
    )
    const partly = rows.map((r, i) => (i % 2 ? { ...r, subject: null } : r))
    expect(summariseSplit(partly, opts).warnings[0]).toMatch(/have no known subject/)
  })
})
