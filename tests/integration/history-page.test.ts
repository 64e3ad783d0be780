import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import {
  explainHistory,
  queryHistory,
  queryHistoryPage,
  type HistoryQuery
} from '../../src/main/core/scan/history'
import { seedHistory } from '../helpers/history-seed'
import { key, reference } from '../helpers/history-reference'
import { storeOf } from '../helpers/scan-store'
import { ENGINES, useStores } from '../helpers/engines'

describe.each(ENGINES)('History in SQL on %s', (engine) => {
  const open = useStores(engine)

  it('filters, sorts, pages and counts exactly as the obvious JavaScript would', async () => {
    const store = await open()
    const seeded = await seedHistory(store, 600)
    const all = await queryHistory(store)
    expect(all.length).toBe(seeded.items)
    const filters: HistoryQuery[] = [
      {},
      { flagged: true },
      { flagged: false, predicted: 'HEM' },
      { reviewed: true },
      { reviewed: false, flagged: true },
      { modelId: 'm2' },
      { scanId: seeded.scanIds[3] },
      { folder: '/lab/day01' },
      { search: 'CELL-0001' },
      { search: 'hem' },
      { search: all[7].sha256.slice(0, 10) },
      { search: '-copy', reviewed: false }
    ]
    for (const f of filters)
      for (const sort of [undefined, 'newest', 'confidence-asc', 'confidence-desc', 'path'] as const)
        for (const [offset, limit] of [
          [0, 25],
          [25, 25],
          [0, undefined]
        ] as const) {
          const q = { ...f, sort, offset, limit }
          const expected = reference(all, q)
          const page = await queryHistoryPage(store, q)
          expect(page.total, JSON.stringify(q)).toBe(expected.length)
          expect(page.rows.map(key), JSON.stringify(q)).toEqual(
            expected.slice(offset, limit === undefined ? undefined : offset + limit).map(key)
          )
        }
  })

  it('treats the search text literally: `_` and `%` match only themselves', async () => {
    const store = await open()
    await seedHistory(store, 40)
    const paths = async (search: string) =>
      (await queryHistoryPage(store, { search })).rows.map((r) => r.path)
    expect(await paths('cell-00001.')).toEqual(await paths('CELL-00001.'))
    expect(await paths('cell_0000')).toEqual([])
    expect(await paths('%')).toEqual([])
  })
})

describe('History plans on SQLite', () => {
  const db = openDatabase(':memory:')

  it('reads a History page from indexes: no full table scan, and no sorting for the default view', async () => {
    await seedHistory(storeOf(db), 600)
    const fullScan = /\bSCAN (i|p|r|si|sp|scan_items|predictions|review_log)\b(?! USING)/
    const plan = async (q: HistoryQuery, part: 'page' | 'count' | 'ahead' = 'page') =>
      (await explainHistory(storeOf(db), { ...q, limit: 50 }, part)).join('\n')
    // The default view, newest first: walk the time index backwards and stop after one page.
    expect(await plan({ sort: 'newest' })).toMatch(/SCAN p USING (COVERING )?INDEX predictions_by_time/)
    expect(await plan({ sort: 'newest' })).not.toMatch(/TEMP B-TREE/)
    expect(await plan({ sort: 'newest' }, 'count')).toMatch(/USING COVERING INDEX/)
    for (const sort of ['confidence-asc', 'confidence-desc', 'path'] as const)
      expect(await plan({ sort }), sort).not.toMatch(/TEMP B-TREE|SCAN \w+$/m)
    const hot: HistoryQuery[] = [
      { sort: 'newest', flagged: true },
      { sort: 'newest', predicted: 'ALL' },
      { sort: 'newest', modelId: 'm1' },
      { sort: 'confidence-asc', flagged: true },
      { sort: 'newest', reviewed: true },
      { sort: 'newest', reviewed: false },
      { sort: 'newest', scanId: 2 },
      { sort: 'newest', folder: '/lab/day01' },
      { sort: 'newest', from: '2026-09-10', to: '2026-09-20' },
      { sort: 'newest', search: 'cell-0001' }
    ]
    for (const q of hot)
      for (const part of ['page', 'count', 'ahead'] as const) {
        const p = await plan(q, part)
        expect(p, `${part} ${JSON.stringify(q)}`).not.toMatch(fullScan)
        expect(p, `${part} ${JSON.stringify(q)}`).toMatch(
          /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|VIRTUAL TABLE INDEX/
        )
      }
    // Filter and sort served by one index: no sort step at all.
    expect(await plan({ sort: 'newest', flagged: true })).not.toMatch(/TEMP B-TREE/)
    expect(await plan({ sort: 'confidence-asc', flagged: true })).not.toMatch(/TEMP B-TREE/)
    // The search reads the trigram index with the text as a constraint (L0), not every path.
    expect(await plan({ search: 'cell-0001' })).toMatch(/scan_item_paths VIRTUAL TABLE INDEX \d+:L/)
    // Reviewed items are counted from the review log (`SCAN rv` walks that co-routine's distinct contents, not a
    // table); a page of them walks the sort index and looks each up there.
    expect(await plan({ sort: 'newest', reviewed: true }, 'count')).toMatch(
      /SCAN review_log USING COVERING INDEX review_log_by_content/
    )
    expect(await plan({ sort: 'newest', reviewed: true })).toMatch(
      /SCAN p USING (COVERING )?INDEX predictions_by_time/
    )
    // The proof the full-scan pattern can see one: an unconstrained listing in item order walks every item.
    expect((await explainHistory(storeOf(db), {}, 'page')).join('\n')).toMatch(/SCAN i\b(?! USING)/)
  })
})
