import { sql, type RawBuilder } from 'kysely'
import { sep } from 'node:path'
import type { HistoryFilter } from '../../../../shared/types/scan'
import type { Engine, Queries, Store } from '../store'
import {
  afterKey,
  keyColumns,
  listedKeys,
  listedOrder,
  orderBy,
  orderNeedsPrediction,
  type HistoryCursor,
  type HistoryOrder,
  type HistorySort
} from './history-keyset'

/**
 * SQL of the History: every file every scan saw, with its prediction and the current review of its content,
 * filtered, sorted and paged by the database on indexes (migrations 005 and 017; the PostgreSQL baseline has the
 * same) — a page of 100,000 stored predictions costs what the page costs, not what the table costs
 * (`npm run bench:history`, both engines). Pages follow each other by keyset (history-keyset.ts) and are put
 * together with their count in history-page.ts. Plans are checked in tests/integration/history-page.test.ts.
 */

export type { HistorySort } from './history-keyset'

/** A History filter plus free-text search, sort order and paging. Without `sort`, rows come in scan order. */
export interface HistoryQuery extends HistoryFilter {
  /** The label a file has now: its newest review's, else the model's answer. */
  finalLabel?: string
  search?: string
  sort?: HistorySort
  /** Start after the row this cursor (a page's `next`) names; `offset` then skips rows from there. */
  after?: string
  offset?: number
  /** Count every match exactly, however many (else the count stops a little past the page: `HistoryPage`). */
  countAll?: boolean
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
 * it is a LIKE on the prefix, which compares characters exactly and which an index of the paths in character order
 * (migration 017) reads as one range.
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

/**
 * Whether a few items drive the query: one scan, a folder, a search. On PostgreSQL such a query starts from those
 * items, joins each to its prediction and sorts them; elsewhere a page is a walk down a sort index
 * (history-keyset.ts). Either way all of them are read, so they are counted exactly.
 */
export const drivenByItems = (q: HistoryQuery): boolean =>
  q.scanId !== undefined || q.folder !== undefined || Boolean(q.search)

/**
 * `rows` joined to one table row each, probed by its index. SQLite's CROSS JOIN keeps the left side outer.
 * PostgreSQL would rather hash the whole right table (its default costs price an index probe as a disk read); a
 * LATERAL subquery with OFFSET 0 (which it never flattens) makes it probe once per left row, as SQLite does.
 */
function probe(engine: Engine, rows: Fragment, table: string, alias: string, on: Fragment): Fragment {
  if (engine === 'sqlite') return sql`${rows} CROSS JOIN ${sql.table(table)} ${sql.raw(alias)} ON ${on}`
  return sql`${rows} CROSS JOIN LATERAL (SELECT * FROM ${sql.table(table)} ${sql.raw(alias)} WHERE ${on} OFFSET 0) ${sql.raw(alias)}`
}

/** Reviewed contents, each once, and their items: what counts of reviewed items start from. */
const reviewedItems = (engine: Engine): Fragment =>
  probe(
    engine,
    sql`(SELECT DISTINCT sha256 FROM review_log) rv`,
    'scan_items',
    'i',
    sql`i.sha256 = rv.sha256`
  )
const REVIEWED = sql`EXISTS (SELECT 1 FROM review_log r WHERE r.sha256 = i.sha256)`
const NOT_REVIEWED = sql`NOT EXISTS (SELECT 1 FROM review_log r WHERE r.sha256 = i.sha256)`

/**
 * The tables a query reads: the items (joined to their predictions when asked), or for a count of reviewed
 * items the review log's contents and their items — the review log is small next to the predictions.
 */
function fromClause(engine: Engine, q: HistoryQuery, withPrediction: boolean, fromReviews = false): Fragment {
  const items = fromReviews ? reviewedItems(engine) : sql`scan_items i`
  if (!withPrediction) return items
  if (engine === 'postgres' && (fromReviews || drivenByItems(q)))
    return probe(engine, items, 'predictions', 'p', sql`p.id = i.prediction_id`)
  return sql`${items} JOIN predictions p ON p.id = i.prediction_id`
}

/** Paging: SQLite needs a LIMIT before an OFFSET (-1: none); PostgreSQL takes an OFFSET alone. */
function paging(engine: Engine, limit: number | undefined, offset = 0): Fragment {
  if (limit !== undefined) return sql`LIMIT ${limit} OFFSET ${offset}`
  if (!offset) return sql``
  return engine === 'sqlite' ? sql`LIMIT -1 OFFSET ${offset}` : sql`OFFSET ${offset}`
}

const whereText = (terms: Fragment[]): Fragment =>
  terms.length ? sql`WHERE ${sql.join(terms, sql` AND `)}` : sql``

/** The query's filters, the review state and (with a cursor) the keyset, as WHERE terms. */
async function termsOf(
  store: Store,
  q: HistoryQuery,
  cursor: HistoryCursor | undefined
): Promise<Where & { order: HistoryOrder; asComputed: boolean }> {
  const w = await whereOf(store, q)
  const order = q.sort ?? 'scan'
  const asComputed = store.engine === 'postgres' && drivenByItems(q)
  if (q.reviewed !== undefined) w.terms.push(q.reviewed ? REVIEWED : NOT_REVIEWED)
  if (cursor) {
    w.terms.push(afterKey(cursor, asComputed))
    if (orderNeedsPrediction(order)) w.needsPrediction = true
  }
  return { ...w, order, asComputed }
}

/** The page: ids (and sort keys) of the matching items in order, read from indexes where the filters allow. */
export async function pageSql(
  store: Store,
  q: HistoryQuery,
  cursor: HistoryCursor | undefined,
  limit: number | undefined
): Promise<Fragment> {
  const { terms, order, asComputed } = await termsOf(store, q, cursor)
  const columns = sql.join([sql`i.id`, ...keyColumns(order)])
  return sql`SELECT ${columns} FROM ${fromClause(store.engine, q, true)} ${whereText(terms)}
    ORDER BY ${orderBy(order, asComputed)} ${paging(store.engine, limit, q.offset)}`
}

/**
 * The page with what it shows of each row: its item, prediction and current review, and its sort key (`k0`, `k1`)
 * — one statement, the details read for the listed rows only.
 */
export async function pageRowsSql(
  store: Store,
  q: HistoryQuery,
  cursor: HistoryCursor | undefined,
  limit: number | undefined
): Promise<Fragment> {
  const columns = sql.join([
    ...listedKeys(q.sort ?? 'scan'),
    sql`i.id AS item_id, i.scan_id AS item_scan_id, i.path AS item_path, p.*`,
    sql`r.id AS r_id, r.new_label AS r_label, r.reviewer AS r_reviewer, r.note AS r_note, r.created_at AS r_at`
  ])
  return sql`SELECT ${columns}
    FROM (${await pageSql(store, q, cursor, limit)}) pg
    JOIN scan_items i ON i.id = pg.id
    JOIN predictions p ON p.id = i.prediction_id
    LEFT JOIN review_log r ON r.id = (SELECT max(id) FROM review_log WHERE sha256 = i.sha256)
    ORDER BY ${listedOrder(q.sort ?? 'scan')}`
}

/**
 * How many rows match after `cursor` (from the start without one), counting no further than `atMost`: the rows a
 * page of that many would list, read the same way (in order, from the sort index), so the count costs what it
 * counts, not what the table holds. (Unordered, a planner may pick a join that reads every match first.)
 */
export async function countAheadSql(
  store: Store,
  q: HistoryQuery,
  cursor: HistoryCursor | undefined,
  atMost: number
): Promise<Fragment> {
  return sql`SELECT count(*) AS n FROM (${await pageSql(store, { ...q, offset: undefined }, cursor, atMost)}) t`
}

/**
 * How many items match, counted from the review log's contents (each once) rather than along a sort index: for
 * "reviewed", whose matches are few and spread thin over the index, so that a walk reads many rows per match.
 * At most `atMost` of them when given; exact without.
 */
export async function reviewedCountSql(store: Store, q: HistoryQuery, atMost?: number): Promise<Fragment> {
  const w = await whereOf(store, q)
  const terms = w.needsPrediction ? w.terms : [sql`+i.prediction_id IS NOT NULL`, ...w.terms]
  const from = fromClause(store.engine, q, w.needsPrediction, true)
  if (atMost === undefined) return sql`SELECT count(*) AS n FROM ${from} ${whereText(terms)}`
  return sql`SELECT count(*) AS n FROM (SELECT 1 AS one FROM ${from} ${whereText(terms)} LIMIT ${atMost}) t`
}

/**
 * The exact count of every match, whatever the page. Without a term on predictions it counts items only;
 * "not reviewed" is every match less the reviewed ones, so it never probes the review log once per stored
 * prediction.
 */
export async function countSql(store: Store, q: HistoryQuery): Promise<Fragment> {
  if (q.reviewed) return reviewedCountSql(store, q)
  const w = await whereOf(store, q)
  const terms = w.needsPrediction ? w.terms : [sql`+i.prediction_id IS NOT NULL`, ...w.terms]
  const count = (fromReviews: boolean): Fragment =>
    sql`SELECT count(*) FROM ${fromClause(store.engine, q, w.needsPrediction, fromReviews)} ${whereText(terms)}`
  if (q.reviewed === undefined) return sql`SELECT (${count(false)}) AS n`
  return sql`SELECT (${count(false)}) - (${count(true)}) AS n`
}
