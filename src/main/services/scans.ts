import { listScans, classCounts } from '../core/scan/store'
import { scanCounts } from '../core/db/queries/scans'
import { sep } from 'node:path'
import { fieldCellCount, fieldCellOfCrop } from '../core/db/queries/field-cells'
import { cellCropsRoot } from '../core/paths'
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
  return {
    ...s,
    files,
    unreadable,
    flagged,
    reviewed,
    countsByClass: classCounts(ctx.db, s.id),
    cells: fieldCellCount(ctx.db, s.id)
  }
}

/** One page of History rows for the grid and the history screen, and the count of all matching rows. */
export function queryPredictions(
  ctx: ServiceContext,
  f: PredictionFilter
): { rows: PredictionView[]; total: number } {
  const page = queryHistoryPage(ctx.db, f)
  // A field scan's crops live in the data folder: each row says which field and cell it is.
  const crops = cellCropsRoot(ctx.dirs) + sep
  const rows = page.rows.map((r) => {
    const c = r.path.startsWith(crops) ? fieldCellOfCrop(ctx.db, r.scanId, r.path) : undefined
    return c ? { ...r, field: { path: c.fieldPath, cell: c.cell } } : r
  })
  return { rows, total: page.total }
}

/**
 * The rows of a filter as CSV. The window's export drops the grid's paging (every row of the filter); the command
 * line keeps its `--limit` (`keepPaging`).
 */
export async function exportPredictions(
  ctx: ServiceContext,
  req: { filter: CallRequest<'predictions:export'>['filter']; file: string },
  o: { keepPaging?: boolean } = {}
): Promise<string> {
  const { rows } = queryPredictions(
    ctx,
    o.keepPaging ? req.filter : { ...req.filter, offset: undefined, limit: undefined }
  )
  writeHistoryCsv(req.file, rows, await lastHash(ctx.store.k))
  return req.file
}
