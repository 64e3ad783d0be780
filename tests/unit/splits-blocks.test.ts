import { describe, expect, it } from 'vitest'
import { assignSplits, type SplitItem } from '../../src/main/core/splits/assign'
import {
  blockSubjects,
  naturalCompare,
  parseGroupBy,
  subjectFromPattern
} from '../../src/main/core/splits/blocks'
import { applySubjects } from '../../src/main/core/import/subjects'
import { summariseSplit, formatSplitTable } from '../../src/main/core/splits/report'

/** Files `<folder>/cell-<n>.jpg`, n = 1..count, listed in a scrambled order (the split must not rely on it). */
function folderItems(folder: string, label: string, count: number, firstId: number): SplitItem[] {
  const items = Array.from({ length: count }, (_, i) => ({
    imageId: firstId + i,
    key: `${folder}${String(i).padStart(4, '0')}`.padEnd(64, '0'),
    label,
    subject: null,
    path: `${folder}/cell-${i + 1}.jpg`
  }))
  return items.sort((a, b) =>
    a.key.split('').reverse().join('') < b.key.split('').reverse().join('') ? -1 : 1
  )
}

describe('natural order and blocks', () => {
  it('orders numbered names as a person would', () => {
    const names = ['cell-10.jpg', 'cell-2.jpg', 'cell-1.jpg', 'Cell-3.jpg']
    expect(names.sort(naturalCompare)).toEqual(['cell-1.jpg', 'cell-2.jpg', 'Cell-3.jpg', 'cell-10.jpg'])
  })

  it('cuts each folder into blocks of consecutive files', () => {
    const items = [...folderItems('Benign', 'HEM', 35, 1), ...folderItems('Early', 'ALL', 12, 100)]
    const blocks = blockSubjects(
      items.map((i) => ({ imageId: i.imageId, path: i.path! })),
      10
    )
    // cell-1..cell-10 (ids 1..10) form block 0, cell-11..20 block 1, cell-31..35 block 3
    expect(new Set([1, 2, 9, 10].map((id) => blocks.get(id)))).toEqual(new Set(['block:Benign#0']))
    expect(blocks.get(11)).toBe('block:Benign#1')
    expect(blocks.get(35)).toBe('block:Benign#3')
    // Early has 12 files, fewer than 3 blocks of 10: cut into 3 blocks of 4, so each split can have some.
    expect(new Set([100, 101, 102, 103].map((id) => blocks.get(id)))).toEqual(new Set(['block:Early#0']))
    expect(blocks.get(111)).toBe('block:Early#2')
    expect(new Set(blocks.values()).size).toBe(4 + 3)
    expect(() => blockSubjects([], 0)).toThrow(/block size/)
  })
})

describe('a small folder', () => {
  it('still gives every split some of its class (30 normal cells in one folder, blocks of 100)', () => {
    const items = [...folderItems('Benign', 'HEM', 30, 1), ...folderItems('Early', 'ALL', 10, 100)]
    const a = assignSplits(items, { ratios: [70, 15, 15], seed: 1, by: 'subject', blockSize: 100 })
    for (const split of ['train', 'val', 'test'])
      expect(items.some((i) => i.label === 'HEM' && a.get(i.imageId) === split)).toBe(true)
  })
})

describe('a block split', () => {
  const items = [
    ...folderItems('Benign', 'HEM', 378, 1),
    ...folderItems('Early', 'ALL', 738, 1000),
    ...folderItems('Pre', 'ALL', 722, 2000)
  ]

  it('never puts neighbouring files of one block in two splits', () => {
    for (const seed of [1, 2, 3]) {
      const a = assignSplits(items, { ratios: [70, 15, 15], seed, by: 'subject', blockSize: 20 })
      const byPath = new Map(items.map((i) => [i.path!, a.get(i.imageId)!]))
      for (const folder of ['Benign', 'Early', 'Pre']) {
        const count = items.filter((i) => i.path!.startsWith(`${folder}/`)).length
        for (let n = 1; n < count; n++) {
          const sameBlock = Math.floor((n - 1) / 20) === Math.floor(n / 20)
          if (sameBlock)
            expect(byPath.get(`${folder}/cell-${n + 1}.jpg`)).toBe(byPath.get(`${folder}/cell-${n}.jpg`))
        }
      }
      // every split still gets both classes, near the asked shares
      const val = items.filter((i) => a.get(i.imageId) === 'val')
      expect(val.some((i) => i.label === 'HEM')).toBe(true)
      expect(val.length / items.length).toBeGreaterThan(0.12)
      expect(val.length / items.length).toBeLessThan(0.18)
    }
  })

  it('puts many neighbours in two splits when split image by image (what the blocks prevent)', () => {
    const a = assignSplits(items, { ratios: [70, 15, 15], seed: 1, by: 'image' })
    const byPath = new Map(items.map((i) => [i.path!, a.get(i.imageId)!]))
    let apart = 0
    for (let n = 1; n < 378; n++)
      if (byPath.get(`Benign/cell-${n}.jpg`) !== byPath.get(`Benign/cell-${n + 1}.jpg`)) apart++
    expect(apart).toBeGreaterThan(50)
  })

  it('says that it grouped unknown subjects into blocks, and how big they are', () => {
    const a = assignSplits(items, { ratios: [70, 15, 15], seed: 1, by: 'subject', blockSize: 20 })
    const rows = items.map((i) => ({ split: a.get(i.imageId)!, label: i.label, subject: null }))
    const s = summariseSplit(rows, { seed: 1, ratios: [70, 15, 15], by: 'subject', blockSize: 20 })
    s.blocks = 93
    expect(formatSplitTable(s)).toContain(
      'unknown subjects as 93 random blocks of up to 20 neighbouring files'
    )
    expect(s.warnings.join(' ')).not.toMatch(/split one by one/)
  })
})

describe('--group-by', () => {
  it('takes the subject from the first capture group of the file name', () => {
    const re = parseGroupBy('^P(\\d+)_')
    expect(subjectFromPattern(re, 'ALL/P12_0001.bmp')).toBe('12')
    expect(subjectFromPattern(re, 'ALL/x.bmp')).toBeNull()
    expect(() => parseGroupBy('P(')).toThrow(/invalid --group-by "P\(":/)
    expect(() =>
      applySubjects([{ path: 'a/x.bmp', sourceLabel: 'ALL', subject: null }], {
        kind: 'pattern',
        pattern: re
      })
    ).toThrow(/matched none of the 1 file/)
  })

  it('keeps every subject whole in one split', () => {
    const files = []
    for (let s = 0; s < 40; s++)
      for (let k = 0; k < 3 + (s % 4); k++)
        files.push({
          path: `${s % 3 ? 'ALL' : 'HEM'}/P${s}_${k}.bmp`,
          sourceLabel: s % 3 ? 'ALL' : 'HEM',
          subject: null
        })
    const planned = applySubjects(files, { kind: 'pattern', pattern: parseGroupBy('^P(\\d+)_') })
    const items: SplitItem[] = planned.map((f, i) => ({
      imageId: i + 1,
      key: String(i).padStart(64, '0'),
      label: f.sourceLabel!,
      subject: f.subject,
      path: f.path
    }))
    const a = assignSplits(items, { ratios: [70, 15, 15], seed: 5, by: 'subject', blockSize: 20 })
    const splitsOf = new Map<string, Set<string>>()
    for (const it of items)
      (splitsOf.get(it.subject!) ?? splitsOf.set(it.subject!, new Set()).get(it.subject!)!).add(
        a.get(it.imageId)!
      )
    expect(splitsOf.size).toBe(40)
    for (const [, s] of splitsOf) expect(s.size).toBe(1)
    expect(new Set(a.values())).toEqual(new Set(['train', 'val', 'test']))
  })
})

describe('--subjects CSV', () => {
  it('reads a file column and a subject column, by path or by file name', () => {
    const files = [
      { path: 'ALL/a.bmp', sourceLabel: 'ALL', subject: null },
      { path: 'HEM/b.bmp', sourceLabel: 'HEM', subject: null },
      { path: 'HEM/c.bmp', sourceLabel: 'HEM', subject: null }
    ]
    const text = 'File,Patient_ID\nALL/a.bmp,p1\nb.bmp,p2\n'
    const out = applySubjects(files, { kind: 'csv', file: 'subjects.csv', text })
    expect(out.map((f) => f.subject)).toEqual(['p1', 'p2', null])
    expect(() => applySubjects(files, { kind: 'csv', file: 'bad.csv', text: 'a,b\n1,2' })).toThrow(
      /^bad\.csv: the header needs a file column/
    )
  })
})
