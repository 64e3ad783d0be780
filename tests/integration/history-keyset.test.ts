import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import {
  COUNT_AHEAD,
  queryHistory,
  queryHistoryPage,
  type HistoryQuery
} from '../../src/main/core/scan/history'
import type { Store } from '../../src/main/core/db/store'
import { seedHistory } from '../helpers/history-seed'
import { key, reference } from '../helpers/history-reference'
import { ENGINES, useStores } from '../helpers/engines'

const SORTS = [undefined, 'newest', 'confidence-asc', 'confidence-desc', 'path'] as const

/** Every page of a query, each asked for after the previous page's cursor; the keys in the order listed. */
async function walk(store: Store, q: HistoryQuery, limit: number): Promise<string[]> {
  const keys: string[] = []
  let after: string | undefined
  for (let pages = 0; pages < 1000; pages++) {
    const page = await queryHistoryPage(store, { ...q, after, limit })
    keys.push(...page.rows.map(key))
    if (page.next === null) return keys
    after = page.next
  }
  throw new Error('the pages never end')
}

describe.each(ENGINES)('History pages by cursor on %s', (engine) => {
  const open = useStores(engine)

  it('lists every row exactly once, in order, page after page, where many rows tie on the sort key', async () => {
    const store = await open()
    const seeded = await seedHistory(store, 300)
    // Ties everywhere: a handful of distinct confidences, one time per scan, and copies sharing a prediction.
    await store.k
      .updateTable('predictions')
      .set({ confidence: sql<number>`round(confidence * 10) / 10` })
      .execute()
    const all = await queryHistory(store)
    const filters: HistoryQuery[] = [
      {},
      { flagged: true },
      { reviewed: false },
      { reviewed: true },
      { scanId: seeded.scanIds[4] },
      { folder: '/lab/day02' },
      { search: '-copy' }
    ]
    for (const f of filters)
      for (const sort of SORTS) {
        const q = { ...f, sort }
        const expected = reference(all, q).map(key)
        const listed = await walk(store, q, 13)
        expect(new Set(listed).size, JSON.stringify(q)).toBe(listed.length)
        expect(listed, JSON.stringify(q)).toEqual(expected)
      }
  })

  it('jumps: an offset after a cursor lands where the same offset from the start does', async () => {
    const store = await open()
    await seedHistory(store, 200)
    const all = await queryHistory(store)
    for (const sort of SORTS) {
      const expected = reference(all, { sort }).map(key)
      const first = await queryHistoryPage(store, { sort, limit: 20 })
      const jumped = await queryHistoryPage(store, { sort, after: first.next!, offset: 40, limit: 20 })
      expect(jumped.rows.map(key), sort).toEqual(expected.slice(60, 80))
      const fromStart = await queryHistoryPage(store, { sort, offset: 60, limit: 20 })
      expect(fromStart.rows.map(key), sort).toEqual(expected.slice(60, 80))
      // Past the end: nothing listed, and the total counted exactly.
      const past = await queryHistoryPage(store, { sort, after: first.next!, offset: 10_000, limit: 20 })
      expect(past).toMatchObject({ rows: [], total: expected.length, totalExact: true, next: null })
    }
  })

  it('counts a little past the page: exact near the end, else "more than" a round number; countAll counts all', async () => {
    const store = await open()
    const seeded = await seedHistory(store, COUNT_AHEAD + 150)
    expect(seeded.items).toBeGreaterThan(COUNT_AHEAD + 50)
    const first = await queryHistoryPage(store, { sort: 'newest', limit: 50 })
    expect(first).toMatchObject({ total: COUNT_AHEAD, totalExact: false })
    expect(first.next).not.toBeNull()
    const counted = await queryHistoryPage(store, { sort: 'newest', limit: 50, countAll: true })
    expect(counted).toMatchObject({ total: seeded.items, totalExact: true })
    // A page past the first thousand sees the end within its reach.
    const later = await queryHistoryPage(store, { sort: 'newest', offset: COUNT_AHEAD, limit: 50 })
    expect(later).toMatchObject({ total: seeded.items, totalExact: true })
    // The next page by cursor knows where it stands: its total counts from the rows before it.
    const second = await queryHistoryPage(store, { sort: 'newest', after: first.next!, limit: 50 })
    expect(second).toMatchObject({ total: COUNT_AHEAD, totalExact: false })
    // A filter on a few items counts them all as it sorts them.
    const scan = await queryHistoryPage(store, { sort: 'newest', scanId: seeded.scanIds[3], limit: 10 })
    const inScan = (await queryHistory(store, { scanId: seeded.scanIds[3] })).length
    expect(scan).toMatchObject({ total: inScan, totalExact: true })
    // The last page's total is exact, and no cursor follows it.
    const flagged = (await queryHistory(store, { flagged: true })).length
    const last = await queryHistoryPage(store, { flagged: true, offset: flagged - 5, limit: 50 })
    expect(last).toMatchObject({ total: flagged, totalExact: true, next: null })
    expect(last.rows).toHaveLength(5)
  })

  it('refuses a cursor of another order, and text that is not a cursor', async () => {
    const store = await open()
    await seedHistory(store, 40)
    const page = await queryHistoryPage(store, { sort: 'newest', limit: 10 })
    await expect(queryHistoryPage(store, { sort: 'path', after: page.next!, limit: 10 })).rejects.toThrow(
      /another History order/
    )
    for (const after of ['', '{}', '[1]', JSON.stringify({ order: 'newest', key: [1, 2, 3], position: 1 })])
      await expect(queryHistoryPage(store, { sort: 'newest', after, limit: 10 })).rejects.toThrow(
        /not a History page cursor/
      )
  })
})
