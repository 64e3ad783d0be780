import type { HistoryQuery } from '../../src/main/core/scan/history'
import type { HistoryRow } from '../../src/shared/types/scan'

/** The History computed the slow, obvious way: every row, filtered and sorted in JavaScript. */
export function reference(all: HistoryRow[], q: HistoryQuery): HistoryRow[] {
  const order = new Map(all.map((r, i) => [r, i]))
  const text = q.search?.toLowerCase()
  const rows = all.filter(
    (r) =>
      (q.flagged === undefined || r.prediction.flagged === q.flagged) &&
      (q.reviewed === undefined || (r.review !== null) === q.reviewed) &&
      (q.predicted === undefined || r.prediction.predicted === q.predicted) &&
      (q.modelId === undefined || r.prediction.modelId === q.modelId) &&
      (q.scanId === undefined || r.scanId === q.scanId) &&
      (q.folder === undefined || r.path.startsWith(`${q.folder}/`)) &&
      (text === undefined ||
        r.path.toLowerCase().includes(text) ||
        r.sha256.startsWith(text) ||
        r.prediction.predicted.toLowerCase() === text ||
        r.review?.label.toLowerCase() === text)
  )
  const byItem = (a: HistoryRow, b: HistoryRow) => order.get(a)! - order.get(b)!
  const cmp: Record<string, (a: HistoryRow, b: HistoryRow) => number> = {
    scan: byItem,
    newest: (a, b) =>
      b.prediction.scannedAt.localeCompare(a.prediction.scannedAt) ||
      b.prediction.id - a.prediction.id ||
      byItem(a, b),
    'confidence-asc': (a, b) =>
      a.prediction.confidence - b.prediction.confidence || a.prediction.id - b.prediction.id || byItem(a, b),
    'confidence-desc': (a, b) =>
      b.prediction.confidence - a.prediction.confidence || b.prediction.id - a.prediction.id || byItem(a, b),
    path: (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : byItem(a, b))
  }
  return rows.sort(cmp[q.sort ?? 'scan'])
}

/** A History row's identity: a scan sees a path once. */
export const key = (r: HistoryRow): string => `${r.scanId}:${r.path}`
