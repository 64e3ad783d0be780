import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { assignSplits, type SplitItem } from '../../src/main/core/splits/assign'
import { forwardSplit } from '../../src/main/core/splits/forward'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import { getDataset } from '../../src/main/core/db/queries/datasets'
import { sqliteStore } from '../../src/main/core/db/store'
import { summariseSplit } from '../../src/main/core/splits/report'

/** `<folder>/img-<n>.jpg`, n = 1..count, handed over in reverse order (the split must sort them itself). */
function series(folder: string, label: string, count: number, firstId: number): SplitItem[] {
  return Array.from({ length: count }, (_, i) => ({
    imageId: firstId + i,
    key: `${folder}-${i}`,
    label,
    subject: null,
    path: `${folder}/img-${i + 1}.jpg`
  })).reverse()
}

describe('forward split', () => {
  it('puts the newest 15% of each folder in test and the 15% before them in validation', () => {
    // img-2 < img-10 in natural order: a plain string sort would put img-10..img-19 before img-2 and break this.
    const items = [...series('Benign', 'HEM', 40, 1), ...series('Early', 'ALL', 100, 1000)]
    const a = assignSplits(items, { ratios: [70, 15, 15], seed: 7, by: 'subject', rule: 'forward' })
    const of = (folder: string, n: number): string | undefined =>
      a.get(items.find((i) => i.path === `${folder}/img-${n}.jpg`)!.imageId)
    for (let n = 1; n <= 100; n++) expect(of('Early', n)).toBe(n > 85 ? 'test' : n > 70 ? 'val' : 'train')
    // 40 × 15% = 6 test, 6 val
    for (let n = 1; n <= 40; n++) expect(of('Benign', n)).toBe(n > 34 ? 'test' : n > 28 ? 'val' : 'train')
    // the seed plays no part
    const b = assignSplits(items, { ratios: [70, 15, 15], seed: 99, by: 'subject', rule: 'forward' })
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort())
    // images in a forward split are not "split one by one"
    const rows = items.map((i) => ({ split: a.get(i.imageId)!, label: i.label, subject: null }))
    const s = summariseSplit(rows, { seed: 7, ratios: [70, 15, 15], by: 'subject', rule: 'forward' })
    expect(s.warnings.join(' ')).not.toMatch(/one by one/)
  })

  it('orders by file time when asked, names breaking ties', () => {
    const items = [
      { imageId: 1, label: 'ALL', path: 'a/z.jpg', time: 100 },
      { imageId: 2, label: 'ALL', path: 'a/a.jpg', time: 300 },
      { imageId: 3, label: 'ALL', path: 'a/m.jpg', time: 200 },
      { imageId: 4, label: 'ALL', path: 'a/b.jpg', time: 100 }
    ]
    const a = forwardSplit(items, [50, 25, 25], 'mtime')
    expect([a.get(4), a.get(1), a.get(3), a.get(2)]).toEqual(['train', 'train', 'val', 'test'])
    const byName = forwardSplit(items, [50, 25, 25], 'name')
    expect([byName.get(2), byName.get(4), byName.get(3), byName.get(1)]).toEqual([
      'train',
      'train',
      'val',
      'test'
    ])
  })

  it('gives a three-file series one file in each split, and keeps known subjects grouped', () => {
    const a = forwardSplit(
      [1, 2, 3].map((n) => ({ imageId: n, label: 'HEM', path: `h/${n}.png` })),
      [70, 15, 15]
    )
    expect([a.get(1), a.get(2), a.get(3)]).toEqual(['train', 'val', 'test'])
    const withSubjects: SplitItem[] = [
      ...series('x', 'ALL', 20, 1),
      ...Array.from({ length: 12 }, (_, i) => ({
        imageId: 100 + i,
        key: `s${i}`,
        label: 'ALL',
        subject: `P${i % 4}`,
        path: `y/${i}.jpg`
      }))
    ]
    const b = assignSplits(withSubjects, { ratios: [70, 15, 15], seed: 1, by: 'subject', rule: 'forward' })
    for (let i = 0; i < 12; i++) expect(b.get(100 + i)).toBe(b.get(100 + (i % 4)))
  })
})

describe('migration 011 (split rule)', () => {
  it('names the rule of datasets split in blocks before it, and leaves others without one', async () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 11)
    )
    const add = (name: string, block: number | null): void => {
      db.prepare(
        `INSERT INTO datasets (name, root, layout, class_mapping, created_at, split_seed, split_ratios, split_by,
           split_at, split_block_size) VALUES (?, '/d', 'class-folders', '{}', 'now', 42, '[70,15,15]', 'subject', 'now', ?)`
      ).run(name, block)
    }
    add('old-blocks', 100)
    add('old-subjects', null)
    migrate(db, MIGRATIONS)
    const store = sqliteStore(db)
    expect((await getDataset(store.k, 1))?.split).toMatchObject({
      rule: 'blocks',
      order: null,
      blockSize: 100
    })
    expect((await getDataset(store.k, 2))?.split).toMatchObject({ rule: null, order: null, blockSize: null })
    db.close()
  })
})
