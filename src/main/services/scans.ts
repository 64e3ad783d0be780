import { listScans, classCounts, scanRunsNow } from '../core/scan/store'
import { scanCounts } from '../core/db/queries/scans'
import { sep } from 'node:path'
import { fieldCellCount, fieldCellOfCrop } from '../core/db/queries/field-cells'
import { cellCropsRoot } from '../core/paths'
import { queryHistoryPage } from '../core/scan/history'
import { writeHistoryCsv } from '../core/report/csv'
import { lastHash } from '../core/review/chain'
import type { CallRequest, PredictionFilter, PredictionPage, ScanSummary } from '../../shared/contract'
import type { ScanRecord } from '../../shared/types/scan'
import type { ServiceContext } from './context'

/** Scans with the counts a list shows. Quick checks are scans of single picked files (see quick-check.ts). */
export async function listScanSummaries(ctx: ServiceContext, limit = 50): Promise<ScanSummary[]> {
  const scans = await listScans(ctx.store.k, limit)
  return Promise.all(scans.map((s) => summarizeScan(ctx, s)))
}

export async function summarizeScan(ctx: ServiceContext, s: ScanRecord): Promise<ScanSummary> {
  const q = ctx.store.k
  const { files, unreadable, flagged, reviewed } = await scanCounts(q, s.id)
  return {
    ...s,
    files,
    unreadable,
    flagged,
    reviewed,
    countsByClass: await classCounts(q, s.id),
    cells: await fieldCellCount(q, s.id),
    ...(s.status === 'running' ? { alive: scanRunsNow(ctx.store, s) } : {})
  }
}

/**
 * One page of History rows for the grid and the history screen, how many rows match (exact, or "more than") and
 * the next page's cursor.
 */
export async function queryPredictions(ctx: ServiceContext, f: PredictionFilter): Promise<PredictionPage> {
  const page = await queryHistoryPage(ctx.store, f)
  // A field scan's crops live in the data folder: each row says which field and cell it is.
  const crops = cellCropsRoot(ctx.dirs) + sep
  const rows = await Promise.all(
    page.rows.map(async (r) => {
      const c = r.path.startsWith(crops) ? await fieldCellOfCrop(ctx.store.k, r.scanId, r.path) : undefined
      return c ? { ...r, field: { path: c.fieldPath, cell: c.cell } } : r
    })
  )
  return { ...page, rows }
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
  const { rows } = await queryPredictions(
    ctx,
    o.keepPaging ? req.filter : { ...req.filter, offset: undefined, limit: undefined }
  )
  writeHistoryCsv(req.file, rows, await lastHash(ctx.store.k))
  return req.file
}
