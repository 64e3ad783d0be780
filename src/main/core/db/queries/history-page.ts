import { sql, type RawBuilder } from 'kysely'
import type { HistoryRow } from '../../../../shared/types/scan'
import type { Store } from '../store'
import {
  countAheadSql,
  countSql,
  drivenByItems,
  pageRowsSql,
  pageSql,
  reviewedCountSql,
  type HistoryQuery
} from './history'
import { cursorOf, decodeCursor, encodeCursor, type HistoryCursor } from './history-keyset'
import { fromPredictionRow, type PredictionRow } from './scans'

/**
 * A History page as the screen and the command line get it: its rows, how many rows match and the next page's
 * cursor. The count is what a page of 100,000 stored predictions would otherwise spend its time on, so it looks
 * only a little past the page (`COUNT_AHEAD`) unless every match is asked for.
 */

type Fragment = RawBuilder<unknown>

/**
 * One page, and where it stands. `totalExact` false: more than `total` rows match (the count stopped there).
 */
export interface HistoryPage {
  rows: HistoryRow[]
  total: number
  totalExact: boolean
  /** The cursor of the page after this one; null when this page is the last. */
  next: string | null
}

/**
 * How far ahead of a page the count looks: to the next multiple of this past the page's last row. Within it the
 * total is exact; beyond it the pager says "more than" that round number, and the user can ask for every match
 * to be counted (`countAll`), which costs what the whole History costs.
 */
export const COUNT_AHEAD = 1000

/** A listed row: its details and its sort key. */
type HistorySqlRow = PredictionRow & {
  k0?: string | number
  k1?: string | number
  item_id: number
  item_scan_id: number
  item_path: string
  r_id: number | null
  r_label: string | null
  r_reviewer: string | null
  r_note: string | null
  r_at: string | null
}

function fromHistoryRow(r: HistorySqlRow): HistoryRow {
  return {
    scanId: r.item_scan_id,
    path: r.item_path,
    sha256: r.sha256,
    prediction: fromPredictionRow(r),
    review:
      r.r_id === null
        ? null
        : { label: r.r_label!, reviewer: r.r_reviewer!, note: r.r_note, reviewedAt: r.r_at! }
  }
}

const countOf = async (store: Store, query: Fragment): Promise<number> =>
  Number(((await query.execute(store.k)).rows[0] as { n: number }).n)

/**
 * How many rows match, for a page that starts after `cursor` and `offset` rows more, and lists `limit`. Exact where
 * the matches end before the next multiple of `COUNT_AHEAD` past the page; else that round number, which more
 * rows than it match. It needs nothing from the page, so it runs beside it.
 */
async function totalOf(
  store: Store,
  q: HistoryQuery,
  cursor: HistoryCursor | undefined,
  limit: number
): Promise<Pick<HistoryPage, 'total' | 'totalExact'>> {
  // Asked for, or a few items (all read to sort them anyway): count every match.
  if (q.countAll || drivenByItems(q))
    return { total: await countOf(store, await countSql(store, q)), totalExact: true }
  const start = cursor?.position ?? 0
  const horizon = (Math.floor((start + (q.offset ?? 0) + limit) / COUNT_AHEAD) + 1) * COUNT_AHEAD
  if (q.reviewed) {
    // The same question — does the History end before the horizon? — asked of the review log, from the start:
    // reviewed rows are few and spread thin, so a walk down the sort index would read many rows for each.
    const n = await countOf(store, await reviewedCountSql(store, q, horizon + 1))
    return n > horizon ? { total: horizon, totalExact: false } : { total: n, totalExact: true }
  }
  // The rows after the cursor, read in the page's order as far as the horizon.
  const n = await countOf(store, await countAheadSql(store, q, cursor, horizon - start + 1))
  return n > horizon - start ? { total: horizon, totalExact: false } : { total: start + n, totalExact: true }
}

/**
 * One page of the History (every row without `limit`), in the query's order, with the total and the next page's
 * cursor. The page reads one row past its end to know whether another page follows; its count runs beside it.
 */
export async function historyPage(store: Store, q: HistoryQuery = {}): Promise<HistoryPage> {
  const order = q.sort ?? 'scan'
  const cursor = q.after === undefined ? undefined : decodeCursor(q.after, order)
  const limit = q.limit
  const [listed, counted] = await Promise.all([
    pageRowsSql(store, q, cursor, limit === undefined ? undefined : limit + 1).then(
      async (page) => (await page.execute(store.k)).rows as HistorySqlRow[]
    ),
    limit === undefined ? undefined : totalOf(store, q, cursor, limit)
  ])
  const more = limit !== undefined && listed.length > limit
  const shown = more ? listed.slice(0, limit) : listed
  const before = (cursor?.position ?? 0) + (q.offset ?? 0)
  const last = shown[shown.length - 1]
  const end = more
    ? cursorOf(order, { id: last.item_id, k0: last.k0, k1: last.k1 }, before + shown.length)
    : undefined
  // Every row listed: the total is what came before and what is here (unless an offset passed the end).
  const total = counted ?? {
    total: shown.length || !q.offset ? before + shown.length : await countOf(store, await countSql(store, q)),
    totalExact: true
  }
  return { rows: shown.map(fromHistoryRow), ...total, next: end ? encodeCursor(end) : null }
}

/** The rows of one page (all of them without `limit`), in the query's order. */
export async function historyRows(store: Store, q: HistoryQuery = {}): Promise<HistoryRow[]> {
  return (await historyPage(store, { ...q, countAll: false })).rows
}

/** The engine's plan for a History query, one line per step — for the plan checks. */
export async function explainHistory(
  store: Store,
  q: HistoryQuery,
  /** `ahead`: the count a page makes past its end (from `q.after`, as far as `COUNT_AHEAD`). */
  /** `details`: the page with each row's prediction and review. */
  part: 'page' | 'count' | 'ahead' | 'details' = 'page',
  /** PostgreSQL: run the query and show what each step cost. */
  analyse = false
): Promise<string[]> {
  const cursor = q.after === undefined ? undefined : decodeCursor(q.after, q.sort ?? 'scan')
  const query =
    part === 'page'
      ? await pageSql(store, q, cursor, q.limit)
      : part === 'count'
        ? await countSql(store, q)
        : part === 'ahead'
          ? await countAheadSql(store, q, cursor, COUNT_AHEAD + 1)
          : await pageRowsSql(store, q, cursor, q.limit)
  if (store.engine === 'sqlite') {
    const r = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store.k)
    return r.rows.map((x) => x.detail)
  }
  const r = await sql<{
    'QUERY PLAN': string
  }>`EXPLAIN ${analyse ? sql`(ANALYZE, BUFFERS)` : sql``} ${query}`.execute(store.k)
  return r.rows.map((x) => x['QUERY PLAN'])
}
