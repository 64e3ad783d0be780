import { sql, type RawBuilder } from 'kysely'
import { sep } from 'node:path'
import type { HistoryFilter, HistoryRow } from '../../../../shared/types/scan'
import type { Engine, Queries, Store } from '../store'
import { fromPredictionRow, type PredictionRow } from './scans'

/**
 * SQL of the History: every file every scan saw, with its prediction and the current review of its content,
 * filtered, sorted and paged by the database on indexes (migration 005; the PostgreSQL baseline has the same) — a
 * page of 100,000 stored predictions costs what the page costs, not what the table costs (`npm run bench:history`,
 * both engines). SQLite's plans are checked with EXPLAIN QUERY PLAN in tests/integration/history-plan.test.ts.
 */

export type HistorySort = 'confidence-asc' | 'confidence-desc' | 'newest' | 'path'

/** A History filter plus free-text search, sort order and paging. Without `sort`, rows come in scan order. */
export interface HistoryQuery extends HistoryFilter {
  /** The label a file has now: its newest review's, else the model's answer. */
  finalLabel?: string
  search?: string
  sort?: HistorySort
  offset?: number
}

type Fragment = RawBuilder<unknown>

/**
 * A join taken in the order written: SQLite's CROSS JOIN keeps the left table outer (its planner would otherwise
 * start from the big one); PostgreSQL plans join order itself and has no CROSS JOIN with a condition.
 */
const inOrder = (engine: Engine): Fragment => (engine === 'sqlite' ? sql`CROSS JOIN` : sql`JOIN`)

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** A filter bound as an ISO-8601 UTC string; a bare date `to` means the end of that (UTC) day. */
function bound(value: string, end: boolean, name: string): string {
  const t = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value)
  if (Number.isNaN(t)) throw new RangeError(`--${name}: not a date or date-time: "${value}"`)
  return new Date(end && DATE_ONLY.test(value) ? t + 86_400_000 : t).toISOString()
}

/** `[lo, hi)` covering every path strictly inside `folder` (byte order, as SQLite compares TEXT). */
export function folderRange(folder: string): [string, string] {
  const prefix = folder.endsWith(sep) ? folder : folder + sep
  const last = prefix.charCodeAt(prefix.length - 1)
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)]
}

/** `[lo, hi)` covering every string that starts with `prefix` (non-empty). */
function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1)
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)]
}

/** `text` as a LIKE pattern matching itself only (backslash is the escape character). */
const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * Items inside a folder. SQLite compares TEXT by bytes, so the folder is a range on scan_items_by_path. A lab's
 * PostgreSQL compares by its collation, in which a range is not a folder (`/a/b0` may sort inside `/a/b/`): there
 * it is a LIKE on the prefix, which compares characters exactly and which the path's trigram index serves.
 */
function inFolder(engine: Engine, folder: string): Fragment {
  const [lo, hi] = folderRange(folder)
  if (engine === 'sqlite') return sql`i.path >= ${lo} AND i.path < ${hi}`
  return sql`i.path LIKE ${`${likeLiteral(lo)}%`}`
}

/**
 * Items whose path contains `text`, ignoring case, from an index: SQLite's trigram FTS table (migration 005; it
 * cannot take LIKE's ESCAPE, so `_` and `%` there match anything, and `instr` keeps the exact ones — both ignore
 * ASCII case), PostgreSQL's pg_trgm index on the path (ILIKE, the text escaped).
 */
function pathContains(engine: Engine, text: string): Fragment {
  if (engine === 'sqlite')
    return sql`SELECT rowid FROM scan_item_paths WHERE path LIKE ${`%${text}%`} AND instr(lower(path), ${text.toLowerCase()}) > 0`
  return sql`SELECT id FROM scan_items WHERE path ILIKE ${`%${likeLiteral(text)}%`}`
}

/**
 * The items a free-text search finds, as one set of item ids built from indexes: a part of the file's path, the
 * start of the content hash, exactly a predicted class, or exactly the class a person's current review gives (both
 * case-insensitive; the class names are looked up first).
 */
async function searchTerm(store: Store, text: string): Promise<Fragment> {
  const lower = text.toLowerCase()
  const [lo, hi] = prefixRange(lower)
  const classes = (await predictedClasses(store.k)).filter((c) => c.toLowerCase() === lower)
  const byClass = classes.length
    ? sql`UNION SELECT si.id FROM predictions sp ${inOrder(store.engine)} scan_items si ON si.prediction_id = sp.id
        WHERE sp.predicted IN (${sql.join(classes)})`
    : sql``
  return sql`i.id IN (
      ${pathContains(store.engine, text)}
      UNION SELECT id FROM scan_items WHERE sha256 >= ${lo} AND sha256 < ${hi}
      ${byClass}
      UNION SELECT si.id FROM review_log r1 ${inOrder(store.engine)} scan_items si ON si.sha256 = r1.sha256
        WHERE lower(r1.new_label) = ${lower} AND r1.id = (SELECT max(r2.id) FROM review_log r2 WHERE r2.sha256 = r1.sha256))`
}

/** The distinct predicted classes, one index probe each (a skip over predictions_by_class_time). */
export async function predictedClasses(q: Queries): Promise<string[]> {
  const r = await sql<{ v: string }>`WITH RECURSIVE c(v) AS (
      SELECT min(predicted) FROM predictions
      UNION ALL SELECT (SELECT min(predicted) FROM predictions WHERE predicted > c.v) FROM c WHERE c.v IS NOT NULL)
    SELECT v FROM c WHERE v IS NOT NULL`.execute(q)
  return r.rows.map((x) => x.v)
}

interface Where {
  terms: Fragment[]
  /** Whether a term reads the predictions table (else a count need not join it). */
  needsPrediction: boolean
}

/** WHERE terms; the review state is left to `fromClause`. */
async function whereOf(store: Store, q: HistoryQuery): Promise<Where> {
  const w: Where = { terms: [], needsPrediction: false }
  const add = (onPrediction: boolean, term: Fragment): void => {
    if (onPrediction) w.needsPrediction = true
    w.terms.push(term)
  }
  if (q.from !== undefined) add(true, sql`p.created_at >= ${bound(q.from, false, 'from')}`)
  if (q.to !== undefined) {
    const to = bound(q.to, true, 'to')
    add(true, DATE_ONLY.test(q.to) ? sql`p.created_at < ${to}` : sql`p.created_at <= ${to}`)
  }
  if (q.predicted !== undefined) add(true, sql`p.predicted = ${q.predicted}`)
  if (q.modelId !== undefined) add(true, sql`p.model_id = ${q.modelId}`)
  if (q.flagged !== undefined) add(true, sql`p.flagged = ${q.flagged ? 1 : 0}`)
  if (q.finalLabel !== undefined)
    add(
      true,
      sql`coalesce((SELECT r.new_label FROM review_log r WHERE r.sha256 = i.sha256 ORDER BY r.id DESC LIMIT 1), p.predicted) = ${q.finalLabel}`
    )
  if (q.folder !== undefined) add(false, inFolder(store.engine, q.folder))
  if (q.scanId !== undefined) add(false, sql`i.scan_id = ${q.scanId}`)
  if (q.search) add(false, await searchTerm(store, q.search))
  return w
}

/** Reviewed contents, each once: the review log is small next to the predictions, so it drives when asked for. */
const reviewedItems = (engine: Engine): Fragment =>
  sql`(SELECT DISTINCT sha256 FROM review_log) rv ${inOrder(engine)} scan_items i ON i.sha256 = rv.sha256`
const NOT_REVIEWED = sql`i.sha256 NOT IN (SELECT sha256 FROM review_log)`

/** The tables a query reads: reviewed items start from the review log, others from the items or the sort index. */
function fromClause(engine: Engine, q: HistoryQuery, withPrediction: boolean): Fragment {
  const items = q.reviewed === true ? reviewedItems(engine) : sql`scan_items i`
  return withPrediction ? sql`${items} JOIN predictions p ON p.id = i.prediction_id` : items
}

/**
 * Each order is one an index gives directly (the id ties make it total): `newest` and the confidence orders
 * walk predictions_by_time / predictions_by_confidence, `path` scan_items_by_path, and no sort the items' key.
 */
const ORDER: Record<HistorySort | 'scan', Fragment> = {
  scan: sql`i.id`,
  newest: sql`p.created_at DESC, p.id DESC, i.id`,
  'confidence-asc': sql`p.confidence, p.id, i.id`,
  'confidence-desc': sql`p.confidence DESC, p.id DESC, i.id`,
  path: sql`i.path, i.id`
}

const whereText = (terms: Fragment[]): Fragment =>
  terms.length ? sql`WHERE ${sql.join(terms, sql` AND `)}` : sql``

/** Paging: SQLite needs a LIMIT before an OFFSET (-1: none); PostgreSQL takes an OFFSET alone. */
function paging(engine: Engine, q: HistoryQuery): Fragment {
  if (q.limit !== undefined) return sql`LIMIT ${q.limit} OFFSET ${q.offset ?? 0}`
  if (!q.offset) return sql``
  return engine === 'sqlite' ? sql`LIMIT -1 OFFSET ${q.offset}` : sql`OFFSET ${q.offset}`
}

/**
 * The same orders, computed rather than read from an index. PostgreSQL's planner walks a sort index and filters
 * as it goes, betting the matches are spread evenly; the items of one scan or folder sit together in time, so for
 * an old scan that walk reads most of the table. With a filter on the items it sorts their few rows instead.
 */
const SORTED_AFTER: Record<HistorySort | 'scan', Fragment> = {
  ...ORDER,
  newest: sql`p.created_at || '' DESC, p.id DESC, i.id`,
  'confidence-asc': sql`p.confidence + 0, p.id, i.id`,
  'confidence-desc': sql`p.confidence + 0 DESC, p.id DESC, i.id`,
  path: sql`i.path || '', i.id`
}

/** The page: ids of the matching items in order, read from indexes only where the filters allow. */
async function pageSql(store: Store, q: HistoryQuery): Promise<Fragment> {
  const { terms } = await whereOf(store, q)
  if (q.reviewed === false) terms.push(NOT_REVIEWED)
  const onItems = q.scanId !== undefined || q.folder !== undefined || Boolean(q.search)
  const order = (store.engine === 'postgres' && onItems ? SORTED_AFTER : ORDER)[q.sort ?? 'scan']
  return sql`SELECT i.id FROM ${fromClause(store.engine, q, true)} ${whereText(terms)} ORDER BY ${order} ${paging(store.engine, q)}`
}

/**
 * The count. Without a term on predictions it counts items only (`+` keeps SQLite from choosing that column's
 * index over the filters' own); "not reviewed" is every match less the reviewed ones, so it never probes the
 * review log once per stored prediction.
 */
async function countSql(store: Store, q: HistoryQuery): Promise<Fragment> {
  const w = await whereOf(store, q)
  const terms = w.needsPrediction ? w.terms : [sql`+i.prediction_id IS NOT NULL`, ...w.terms]
  const count = (reviewed: boolean): Fragment =>
    sql`SELECT count(*) FROM ${fromClause(store.engine, { reviewed: reviewed || undefined }, w.needsPrediction)} ${whereText(terms)}`
  if (q.reviewed === undefined) return sql`SELECT (${count(false)}) AS n`
  if (q.reviewed) return sql`SELECT (${count(true)}) AS n`
  return sql`SELECT (${count(false)}) - (${count(true)}) AS n`
}

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

/** The rows of one page (all of them without `limit`), in the query's order. */
export async function historyRows(store: Store, q: HistoryQuery = {}): Promise<HistoryRow[]> {
  const page = await (await pageSql(store, q)).execute(store.k)
  const ids = (page.rows as { id: number }[]).map((r) => r.id)
  const byId = new Map<number, HistorySqlRow>()
  for (let i = 0; i < ids.length; i += DETAILS_PER_STATEMENT) {
    const r = await details(ids.slice(i, i + DETAILS_PER_STATEMENT)).execute(store.k)
    for (const row of r.rows as HistorySqlRow[]) byId.set(row.item_id, row)
  }
  return ids.map((id) => fromHistoryRow(byId.get(id)!))
}

/** How many rows the query's filters match, whatever the page. */
export async function historyCount(store: Store, q: HistoryQuery = {}): Promise<number> {
  const r = await (await countSql(store, q)).execute(store.k)
  return Number((r.rows[0] as { n: number }).n)
}

/** The engine's plan for a History query, one line per step — for the plan checks. */
export async function explainHistory(
  store: Store,
  q: HistoryQuery,
  part: 'page' | 'count' | 'details' = 'page',
  /** PostgreSQL: run the query and show what each step cost. */
  analyse = false
): Promise<string[]> {
  const query =
    part === 'page' ? await pageSql(store, q) : part === 'count' ? await countSql(store, q) : details([1])
  if (store.engine === 'sqlite') {
    const r = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store.k)
    return r.rows.map((x) => x.detail)
  }
  const r = await sql<{
    'QUERY PLAN': string
  }>`EXPLAIN ${analyse ? sql`(ANALYZE, BUFFERS)` : sql``} ${query}`.execute(store.k)
  return r.rows.map((x) => x['QUERY PLAN'])
}
