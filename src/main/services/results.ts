/**
 * A stored scan's result as the window, the command line and the exports take it: the scan as one sample, the
 * per-sample counts of a whole-field scan, and whether it can be signed off (core/scan/result.ts).
 */
import { workstationStore } from './workstation-store'
import { getUnfamiliarLimit } from '../core/scan/settings'
import { resolve } from 'node:path'
import type { BatchDrift, SampleCount, ScanResultView } from '../../shared/types/scan'
import { samplesCsvPath, writeSamplesCsv } from '../core/report/samples-csv'
import { scanResultView } from '../core/scan/result'
import { queryHistory } from '../core/scan/history'
import { reportModel } from '../core/scan/model'
import { getScan } from '../core/scan/store'
import type { ServiceContext } from './context'

/** The classes a stored scan counts by: its model version's, or (model deleted) the labels its rows carry. */
export async function scanClasses(ctx: ServiceContext, scanId: number, modelId: string): Promise<string[]> {
  const model = await reportModel(ctx.store, modelId)
  if (model) return model.classes
  return [...new Set((await queryHistory(ctx.store, { scanId })).flatMap((r) => r.prediction.classes))]
}

export class UnknownScanError extends Error {
  override name = 'UnknownScanError'
}

export async function scanResultOf(
  ctx: ServiceContext,
  scanId: number,
  sampleId?: string
): Promise<ScanResultView> {
  const scan = await getScan(ctx.store.k, scanId)
  if (!scan) throw new UnknownScanError(`no scan with id ${scanId} (see \`leukolens history --scans\`)`)
  const rows = await queryHistory(ctx.store, { scanId })
  const model = await reportModel(ctx.store, scan.modelId)
  const classes = model?.classes ?? [...new Set(rows.flatMap((r) => r.prediction.classes))]
  const limit = await getUnfamiliarLimit(workstationStore(ctx).k)
  return scanResultView(ctx, scanId, classes, limit, sampleId, rows, model?.validation)
}

/** The per-sample summary CSV beside `file` (`scan.csv` → `scan-samples.csv`); returns where it went. */
export async function exportSamplesCsv(ctx: ServiceContext, scanId: number, file: string): Promise<string> {
  const scan = await getScan(ctx.store.k, scanId)
  if (!scan) throw new UnknownScanError(`no scan with id ${scanId}`)
  const view = await scanResultOf(ctx, scanId)
  const out = samplesCsvPath(resolve(file))
  writeSamplesCsv(out, view.samples ?? [view.result], await scanClasses(ctx, scanId, scan.modelId))
  return out
}

/** What a finished scan's summary adds: the scan as one sample and the batch-drift test. */
export async function resultOf(
  ctx: ServiceContext,
  scanId: number
): Promise<{ result: SampleCount; drift?: BatchDrift }> {
  const v = await scanResultOf(ctx, scanId)
  return { result: v.result, ...(v.drift ? { drift: v.drift } : {}) }
}
