import { sql, type RawBuilder } from 'kysely'
import type { HistoryRow } from '../../../../shared/types/scan'
import type { Store } from '../store'
import {
  countAheadSql,
  countSql,
  drivenByItems,
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

/** Items read per statement when a whole History (no limit) is listed: below either engine's parameter limit. */
const DETAILS_PER_STATEMENT = 500

/** Each listed item with its prediction and current review. */
const details = (ids: readonly number[]): Fragment => sql`
  SELECT i.id AS item_id, i.scan_id AS item_scan_id, i.path AS item_path, p.*,
    r.id AS r_id, r.new_label AS r_label, r.reviewer AS r_reviewer, r.note AS r_note, r.created_at AS r_at
  FROM scan_items i
  JOIN predictions p ON p.id = i.prediction_id
  LEFT JOIN review_log r ON r.id = (SELECT max(id) FROM review_log WHERE sha256 = i.sha256)
  WHERE i.id IN (${sql.join(ids)})`

type HistorySqlRow = PredictionRow & {
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

/** Each item with its prediction and current review, in the order of `ids`. */
async function rowsOf(store: Store, ids: readonly number[]): Promise<HistoryRow[]> {
  const byId = new Map<number, HistorySqlRow>()
  for (let i = 0; i < ids.length; i += DETAILS_PER_STATEMENT) {
    const r = await details(ids.slice(i, i + DETAILS_PER_STATEMENT)).execute(store.k)
    for (const row of r.rows as HistorySqlRow[]) byId.set(row.item_id, row)
  }
  return ids.map((id) => fromHistoryRow(byId.get(id)!))
}

const countOf = async (store: Store, query: Fragment): Promise<number> =>
  Number(((await query.execute(store.k)).rows[0] as { n: number }).n)

/** Where a page stands: the cursor it starts after, the rows before it, its last row's cursor if more follow. */
interface Placed {
  cursor: HistoryCursor | undefined
  before: number
  end: HistoryCursor | undefined
  listed: number
  /** The matches after the cursor, where the page query counted them. */
  counted: number | undefined
}

/** The page's total: exact where the matches end near it, else the round number they are known to pass. */
async function totalOf(
  store: Store,
  q: HistoryQuery,
  page: Placed
): Promise<Pick<HistoryPage, 'total' | 'totalExact'>> {
  if (q.countAll) return { total: await countOf(store, await countSql(store, q)), totalExact: true }
  const start = page.cursor?.position ?? 0
  if (page.counted !== undefined) return { total: start + page.counted, totalExact: true }
  if (page.end) {
    const horizon = (Math.floor(page.end.position / COUNT_AHEAD) + 1) * COUNT_AHEAD
    if (q.reviewed) {
      // The same question — does the History end within the horizon? — asked of the review log, from the start.
      const n = await countOf(store, await reviewedCountSql(store, q, horizon + 1))
      return n > horizon ? { total: horizon, totalExact: false } : { total: n, totalExact: true }
    }
    const ahead = horizon - page.end.position
    const n = await countOf(store, await countAheadSql(store, q, page.end, ahead + 1))
    return n > ahead
      ? { total: horizon, totalExact: false }
      : { total: page.end.position + n, totalExact: true }
  }
  // The last page: what came before it and what it lists. An offset past the end lists nothing: count from the start.
  if (page.listed > 0 || !q.offset) return { total: page.before + page.listed, totalExact: true }
  const n = await countOf(store, await countAheadSql(store, q, page.cursor, q.offset + 1))
  return { total: start + n, totalExact: true }
}

/** A row of the page query: the item, its sort key, and (when counted there) the matches after the cursor. */
type ListedRow = { id: number; k0?: string | number; k1?: string | number; n?: number }

/**
 * One page of the History (every row without `limit`), in the query's order, with the total and the next page's
 * cursor. The page reads one row past its end to know whether another page follows.
 */
export async function historyPage(store: Store, q: HistoryQuery = {}): Promise<HistoryPage> {
  const order = q.sort ?? 'scan'
  const cursor = q.after === undefined ? undefined : decodeCursor(q.after, order)
  const limit = q.limit
  // A few items sorted after filtering are all read anyway: count them in the same pass, exactly.
  const withCount = limit !== undefined && !q.countAll && drivenByItems(q)
  const page = await pageSql(store, q, cursor, limit === undefined ? undefined : limit + 1, withCount)
  const listed = (await page.execute(store.k)).rows as ListedRow[]
  const more = limit !== undefined && listed.length > limit
  const shown = more ? listed.slice(0, limit) : listed
  const before = (cursor?.position ?? 0) + (q.offset ?? 0)
  const end = more ? cursorOf(order, shown[shown.length - 1], before + shown.length) : undefined
  const counted = listed.length ? listed[0].n : undefined
  // The rows' details and the count need only the page's ids and last key: on PostgreSQL they run side by side.
  const [rows, total] = await Promise.all([
    rowsOf(
      store,
      shown.map((r) => r.id)
    ),
    totalOf(store, q, { cursor, before, end, listed: shown.length, counted })
  ])
  return { rows, ...total, next: end ? encodeCursor(end) : null }
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
          : details([1])
  if (store.engine === 'sqlite') {
    const r = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store.k)
    return r.rows.map((x) => x.detail)
  }
  const r = await sql<{
    'QUERY PLAN': string
  }>`EXPLAIN ${analyse ? sql`(ANALYZE, BUFFERS)` : sql``} ${query}`.execute(store.k)
  return r.rows.map((x) => x['QUERY PLAN'])
}
