import type { Database } from 'better-sqlite3'
import { sep } from 'node:path'
import type { HistoryFilter, HistoryRow } from '../../../../shared/types/scan'
import { fromPredictionRow, type PredictionRow } from './scans'
import { stmt } from './statements'

/**
 * SQL of the History: every file every scan saw, with its prediction and the current review of its content,
 * filtered, sorted and paged by SQLite on indexes (migration 005) — a page of 100,000 stored predictions costs
 * what the page costs, not what the table costs (`npm run bench:history`). The plans are checked with EXPLAIN
 * QUERY PLAN in tests/integration/history-plan.test.ts.
 */

export type HistorySort = 'confidence-asc' | 'confidence-desc' | 'newest' | 'path'

/** A History filter plus free-text search, sort order and paging. Without `sort`, rows come in scan order. */
export interface HistoryQuery extends HistoryFilter {
  search?: string
  sort?: HistorySort
  offset?: number
}

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

/**
 * The items a free-text search finds, as one set of item ids built from indexes: a part of the file's path (the
 * trigram index of migration 005 finds the candidates — it cannot take LIKE's ESCAPE, so `_` and `%` there match
 * anything — and `instr` keeps the exact ones; both ignore ASCII case), the start of the content hash, exactly a predicted class, or exactly the
 * class a person's current review gives (both case-insensitive; the class names are looked up first).
 */
function searchTerm(db: Database, text: string): { term: string; params: unknown[] } {
  const lower = text.toLowerCase()
  const classes = JSON.stringify(predictedClasses(db).filter((c) => c.toLowerCase() === lower))
  return {
    term: `i.id IN (
      SELECT rowid FROM scan_item_paths WHERE path LIKE ? AND instr(lower(path), ?) > 0
      UNION SELECT id FROM scan_items WHERE sha256 >= ? AND sha256 < ?
      UNION SELECT si.id FROM predictions sp CROSS JOIN scan_items si ON si.prediction_id = sp.id
        WHERE sp.predicted IN (SELECT value FROM json_each(?))
      UNION SELECT si.id FROM review_log r1 CROSS JOIN scan_items si ON si.sha256 = r1.sha256
        WHERE r1.new_label = ? COLLATE NOCASE AND r1.id = (SELECT max(r2.id) FROM review_log r2 WHERE r2.sha256 = r1.sha256))`,
    params: [`%${text}%`, lower, ...prefixRange(lower), classes, text]
  }
}

/** The distinct predicted classes, one index probe each (a skip over predictions_by_class_time). */
export function predictedClasses(db: Database): string[] {
  const sql = `WITH RECURSIVE c(v) AS (
      SELECT min(predicted) FROM predictions
      UNION ALL SELECT (SELECT min(predicted) FROM predictions WHERE predicted > c.v) FROM c WHERE c.v IS NOT NULL)
    SELECT v FROM c WHERE v IS NOT NULL`
  return stmt(db, sql).pluck().all() as string[]
}

interface Where {
  terms: string[]
  params: unknown[]
  /** Whether a term reads the predictions table (else a count need not join it). */
  needsPrediction: boolean
}

/** WHERE terms and their parameters; the review state is left to `fromClause`. */
function whereOf(db: Database, q: HistoryQuery): Where {
  const w: Where = { terms: [], params: [], needsPrediction: false }
  const add = (onPrediction: boolean, term: string, ...values: unknown[]): void => {
    if (onPrediction) w.needsPrediction = true
    w.terms.push(term)
    w.params.push(...values)
  }
  if (q.from !== undefined) add(true, 'p.created_at >= ?', bound(q.from, false, 'from'))
  if (q.to !== undefined)
    add(true, DATE_ONLY.test(q.to) ? 'p.created_at < ?' : 'p.created_at <= ?', bound(q.to, true, 'to'))
  if (q.predicted !== undefined) add(true, 'p.predicted = ?', q.predicted)
  if (q.modelId !== undefined) add(true, 'p.model_id = ?', q.modelId)
  if (q.flagged !== undefined) add(true, 'p.flagged = ?', q.flagged ? 1 : 0)
  if (q.folder !== undefined) add(false, 'i.path >= ? AND i.path < ?', ...folderRange(q.folder))
  if (q.scanId !== undefined) add(false, 'i.scan_id = ?', q.scanId)
  if (q.search) {
    const s = searchTerm(db, q.search)
    add(false, s.term, ...s.params)
  }
  return w
}

/** Reviewed contents, each once: the review log is small next to the predictions, so it drives when asked for. */
const REVIEWED = '(SELECT DISTINCT sha256 FROM review_log) rv CROSS JOIN scan_items i ON i.sha256 = rv.sha256'
const NOT_REVIEWED = 'i.sha256 NOT IN (SELECT sha256 FROM review_log)'

/** The tables a query reads: reviewed items start from the review log, others from the items or the sort index. */
function fromClause(q: HistoryQuery, withPrediction: boolean): string {
  const items = q.reviewed === true ? REVIEWED : 'scan_items i'
  return withPrediction ? `${items} JOIN predictions p ON p.id = i.prediction_id` : items
}

/**
 * Each order is one an index gives directly (the rowid ties make it total): `newest` and the confidence orders
 * walk predictions_by_time / predictions_by_confidence, `path` scan_items_by_path, and no sort the items' key.
 */
const ORDER: Record<HistorySort | 'scan', string> = {
  scan: 'i.id',
  newest: 'p.created_at DESC, p.id DESC, i.id',
  'confidence-asc': 'p.confidence, p.id, i.id',
  'confidence-desc': 'p.confidence DESC, p.id DESC, i.id',
  path: 'i.path, i.id'
}

const whereText = (terms: string[]): string => (terms.length ? `WHERE ${terms.join(' AND ')}` : '')

/** The page: ids of the matching items in order, read from indexes only where the filters allow. */
function pageSql(db: Database, q: HistoryQuery): { sql: string; params: unknown[] } {
  const { terms, params } = whereOf(db, q)
  if (q.reviewed === false) terms.push(NOT_REVIEWED)
  const paging = q.limit !== undefined ? 'LIMIT ? OFFSET ?' : q.offset ? 'LIMIT -1 OFFSET ?' : ''
  if (q.limit !== undefined) params.push(q.limit, q.offset ?? 0)
  else if (q.offset) params.push(q.offset)
  const sql = `SELECT i.id FROM ${fromClause(q, true)} ${whereText(terms)} ORDER BY ${ORDER[q.sort ?? 'scan']} ${paging}`
  return { sql, params }
}

/**
 * The count. Without a term on predictions it counts items only (`+` keeps SQLite from choosing that column's
 * index over the filters' own); "not reviewed" is every match less the reviewed ones, so it never probes the
 * review log once per stored prediction.
 */
function countSql(db: Database, q: HistoryQuery): { sql: string; params: unknown[] } {
  const w = whereOf(db, q)
  const terms = w.needsPrediction ? w.terms : ['+i.prediction_id IS NOT NULL', ...w.terms]
  const count = (reviewed: boolean): string =>
    `SELECT count(*) FROM ${fromClause({ reviewed: reviewed || undefined }, w.needsPrediction)} ${whereText(terms)}`
  if (q.reviewed === undefined) return { sql: count(false), params: w.params }
  if (q.reviewed) return { sql: count(true), params: w.params }
  return { sql: `SELECT (${count(false)}) - (${count(true)})`, params: [...w.params, ...w.params] }
}

/** Each listed item with its prediction and current review, in the order of `ids`. */
const DETAILS = `
  SELECT i.id AS item_id, i.scan_id AS item_scan_id, i.path AS item_path, p.*,
    r.id AS r_id, r.new_label AS r_label, r.reviewer AS r_reviewer, r.note AS r_note, r.created_at AS r_at
  FROM json_each(?) page
  JOIN scan_items i ON i.id = page.value
  JOIN predictions p ON p.id = i.prediction_id
  LEFT JOIN review_log r ON r.id = (SELECT max(id) FROM review_log WHERE sha256 = i.sha256)
  ORDER BY page.key`

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
export function historyRows(db: Database, q: HistoryQuery = {}): HistoryRow[] {
  const { sql, params } = pageSql(db, q)
  const ids = (
    stmt(db, sql)
      .raw(true)
      .all(...params) as [number][]
  ).map((r) => r[0])
  if (!ids.length) return []
  return (stmt(db, DETAILS).all(JSON.stringify(ids)) as HistorySqlRow[]).map(fromHistoryRow)
}

/** How many rows the query's filters match, whatever the page. */
export function historyCount(db: Database, q: HistoryQuery = {}): number {
  const { sql, params } = countSql(db, q)
  return stmt(db, sql)
    .pluck()
    .get(...params) as number
}

/** SQLite's plan for a History query, one line per step — for the EXPLAIN QUERY PLAN checks. */
export function explainHistory(
  db: Database,
  q: HistoryQuery,
  part: 'page' | 'count' | 'details' = 'page'
): string[] {
  const { sql, params } =
    part === 'page' ? pageSql(db, q) : part === 'count' ? countSql(db, q) : { sql: DETAILS, params: ['[1]'] }
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail)
}
