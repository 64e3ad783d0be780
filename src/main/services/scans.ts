import { listScans, classCounts } from '../core/scan/store'
import { queryHistory } from '../core/scan/history'
import { writeHistoryCsv } from '../core/report/csv'
import type { CallRequest, PredictionFilter, PredictionView, ScanSummary } from '../../shared/contract'
import type { ScanRecord } from '../../shared/types/scan'
import type { ServiceContext } from './context'
import { reviewImage } from './reviews'

/** Scans with the counts a list shows. Quick checks are scans of single picked files (see quick-check.ts). */
export function listScanSummaries(ctx: ServiceContext, limit = 50): ScanSummary[] {
  return listScans(ctx.db, limit).map((s) => summarizeScan(ctx, s))
}

const QUICK_PREFIX = 'quick-check:'

export function summarizeScan(ctx: ServiceContext, s: ScanRecord): ScanSummary {
  const c = ctx.db
    .prepare(
      `SELECT count(*) AS files, count(i.error) AS unreadable, coalesce(sum(p.flagged), 0) AS flagged,
         coalesce(sum(EXISTS (SELECT 1 FROM review_log r WHERE r.sha256 = i.sha256)), 0) AS reviewed
       FROM scan_items i LEFT JOIN predictions p ON p.id = i.prediction_id WHERE i.scan_id = ?`
    )
    .get(s.id) as { files: number; unreadable: number; flagged: number; reviewed: number }
  return { ...s, kind: s.folder.startsWith(QUICK_PREFIX) ? 'quick' : 'scan', ...c, countsByClass: classCounts(ctx.db, s.id) }
}

/**
 * History rows for the grid and the history screen. The scan module filters in SQL; free-text search, sort and
 * paging are applied here on the filtered rows (the grid virtualises, so a few thousand rows are cheap).
 */
export function queryPredictions(ctx: ServiceContext, f: PredictionFilter): { rows: PredictionView[]; total: number } {
  const { search, sort, offset, limit, ...filter } = f
  let rows = queryHistory(ctx.db, filter)
  if (search) {
    const q = search.toLowerCase()
    rows = rows.filter((r) => r.path.toLowerCase().includes(q) || r.sha256.startsWith(q) || r.prediction.predicted.toLowerCase() === q || (r.review?.label.toLowerCase() ?? '') === q)
  }
  rows = sortRows(rows, sort)
  const start = offset ?? 0
  return { rows: rows.slice(start, limit === undefined ? undefined : start + limit), total: rows.length }
}

export function sortRows(rows: PredictionView[], sort: PredictionFilter['sort']): PredictionView[] {
  const by: Record<NonNullable<PredictionFilter['sort']>, (a: PredictionView, b: PredictionView) => number> = {
    'confidence-asc': (a, b) => a.prediction.confidence - b.prediction.confidence,
    'confidence-desc': (a, b) => b.prediction.confidence - a.prediction.confidence,
    newest: (a, b) => (a.prediction.scannedAt < b.prediction.scannedAt ? 1 : a.prediction.scannedAt > b.prediction.scannedAt ? -1 : 0),
    path: (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  }
  return sort ? [...rows].sort(by[sort]) : rows
}

export function exportPredictions(ctx: ServiceContext, req: CallRequest<'predictions:export'>): string {
  const { rows } = queryPredictions(ctx, { ...req.filter, offset: undefined, limit: undefined })
  writeHistoryCsv(req.file, rows)
  return req.file
}

export function submitReview(ctx: ServiceContext, req: CallRequest<'review:submit'>) {
  const entry = reviewImage(ctx, { sha256: req.sha256, label: req.label, note: req.note, predictionId: req.predictionId })
  return { label: entry.newLabel, reviewer: entry.reviewer, note: entry.note, reviewedAt: entry.createdAt }
}

export { QUICK_PREFIX }
