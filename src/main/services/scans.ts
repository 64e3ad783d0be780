import { listScans, classCounts } from '../core/scan/store'
import { scanCounts } from '../core/db/queries/scans'
import { queryHistoryPage } from '../core/scan/history'
import { writeHistoryCsv } from '../core/report/csv'
import { lastHash } from '../core/review/chain'
import type { CallRequest, PredictionFilter, PredictionView, ScanSummary } from '../../shared/contract'
import type { ScanRecord } from '../../shared/types/scan'
import type { ServiceContext } from './context'

/** Scans with the counts a list shows. Quick checks are scans of single picked files (see quick-check.ts). */
export function listScanSummaries(ctx: ServiceContext, limit = 50): ScanSummary[] {
  return listScans(ctx.db, limit).map((s) => summarizeScan(ctx, s))
}

export function summarizeScan(ctx: ServiceContext, s: ScanRecord): ScanSummary {
  const { files, unreadable, flagged, reviewed } = scanCounts(ctx.db, s.id)
  return { ...s, files, unreadable, flagged, reviewed, countsByClass: classCounts(ctx.db, s.id) }
}

/** One page of History rows for the grid and the history screen, and the count of all matching rows. */
export function queryPredictions(
  ctx: ServiceContext,
  f: PredictionFilter
): { rows: PredictionView[]; total: number } {
  return queryHistoryPage(ctx.db, f)
}

/**
 * The rows of a filter as CSV. The window's export drops the grid's paging (every row of the filter); the command
 * line keeps its `--limit` (`keepPaging`).
 */
export function exportPredictions(
  ctx: ServiceContext,
  req: { filter: CallRequest<'predictions:export'>['filter']; file: string },
  o: { keepPaging?: boolean } = {}
): string {
  const { rows } = queryPredictions(
    ctx,
    o.keepPaging ? req.filter : { ...req.filter, offset: undefined, limit: undefined }
  )
  writeHistoryCsv(req.file, rows, lastHash(ctx.db))
  return req.file
}
