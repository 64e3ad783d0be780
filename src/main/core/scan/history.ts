import type { Database } from 'better-sqlite3'
import { sep } from 'node:path'
import type { HistoryFilter, HistoryRow } from '../../../shared/types/scan'
import { fromPredictionRow, type PredictionRow } from './store'

/**
 * The prediction history: every file every scan saw, with its prediction and the current review of its content.
 * Filters compile to index-friendly SQL (time range on `predictions_by_time`, folder as a path range on
 * `scan_items_by_path`, scan on the `(scan_id, path)` key) — `tests/integration/scan-history.test.ts` checks the
 * plans with EXPLAIN QUERY PLAN.
 */

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

export function historyQuery(f: HistoryFilter): { sql: string; params: unknown[] } {
  const where: string[] = []
  const params: unknown[] = []
  if (f.from !== undefined) {
    where.push('p.created_at >= ?')
    params.push(bound(f.from, false, 'from'))
  }
  if (f.to !== undefined) {
    where.push(DATE_ONLY.test(f.to) ? 'p.created_at < ?' : 'p.created_at <= ?')
    params.push(bound(f.to, true, 'to'))
  }
  if (f.folder !== undefined) {
    where.push('i.path >= ? AND i.path < ?')
    params.push(...folderRange(f.folder))
  }
  if (f.scanId !== undefined) {
    where.push('i.scan_id = ?')
    params.push(f.scanId)
  }
  if (f.predicted !== undefined) {
    where.push('p.predicted = ?')
    params.push(f.predicted)
  }
  if (f.modelId !== undefined) {
    where.push('p.model_id = ?')
    params.push(f.modelId)
  }
  if (f.flagged !== undefined) {
    where.push('p.flagged = ?')
    params.push(f.flagged ? 1 : 0)
  }
  if (f.reviewed !== undefined) where.push(`r.id IS ${f.reviewed ? 'NOT ' : ''}NULL`)
  const sql = `
    SELECT i.scan_id AS item_scan_id, i.path AS item_path, p.*,
      r.id AS r_id, r.new_label AS r_label, r.reviewer AS r_reviewer, r.note AS r_note, r.created_at AS r_at
    FROM scan_items i
    JOIN predictions p ON p.id = i.prediction_id
    LEFT JOIN review_log r ON r.id = (SELECT max(id) FROM review_log WHERE sha256 = i.sha256)
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY i.id
    ${f.limit !== undefined ? 'LIMIT ?' : ''}`
  if (f.limit !== undefined) params.push(f.limit)
  return { sql, params }
}

type HistorySqlRow = PredictionRow & {
  item_scan_id: number
  item_path: string
  r_id: number | null
  r_label: string | null
  r_reviewer: string | null
  r_note: string | null
  r_at: string | null
}

/** History rows in the order the scans recorded them. */
export function queryHistory(db: Database, f: HistoryFilter = {}): HistoryRow[] {
  const { sql, params } = historyQuery(f)
  return (db.prepare(sql).all(...params) as HistorySqlRow[]).map((r) => ({
    scanId: r.item_scan_id,
    path: r.item_path,
    sha256: r.sha256,
    prediction: fromPredictionRow(r),
    review:
      r.r_id === null ? null : { label: r.r_label!, reviewer: r.r_reviewer!, note: r.r_note, reviewedAt: r.r_at! }
  }))
}

/** SQLite's plan for a history query, one line per step — for the EXPLAIN QUERY PLAN checks. */
export function explainHistory(db: Database, f: HistoryFilter): string[] {
  const { sql, params } = historyQuery(f)
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail)
}
