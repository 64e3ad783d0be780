/**
 * Whole-field scans as a service (`leukolens scan --fields`, and the scan screen's "whole fields" switch):
 * the same job, backend, workers and flag threshold as a folder scan, through core/scan/fields.ts.
 */
import { resolve } from 'node:path'
import { CROP_STYLES, type CropStyle } from '../core/cells/crop'
import { fieldCellsOfScan } from '../core/db/queries/field-cells'
import { writeFieldHistoryCsv } from '../core/report/field-csv'
import { fieldScanSampleCounts, runFieldScan, type FieldScanSummary } from '../core/scan/fields'
import { queryHistory } from '../core/scan/history'
import { loadScanModel } from '../core/scan/model'
import { startMainThreadBackend } from '../core/scan/run'
import { getScan, unreadableFiles } from '../core/scan/store'
import type { SampleCount } from '../core/cells/sample-counts'
import type { UnreadableFile } from '../../shared/types/scan'
import type { ServiceContext } from './context'
import type { ScanRequest } from './scanning'
import { engineConfig, reviewThresholdOverride } from './settings'

export type FieldScanRequest = ScanRequest & { cropStyle?: CropStyle }

export class CropStyleError extends Error {
  override name = 'CropStyleError'
}

/** A `--crop-style` value, checked: undefined stays undefined (the model version's own style is used). */
export function parseCropStyle(text: string | undefined): CropStyle | undefined {
  if (text === undefined) return undefined
  if (!(CROP_STYLES as readonly string[]).includes(text))
    throw new CropStyleError(`invalid crop style "${text}": expected ${CROP_STYLES.join(' or ')}`)
  return text as CropStyle
}

export async function scanFields(
  ctx: ServiceContext,
  req: FieldScanRequest
): Promise<{ summary: FieldScanSummary; modelName: string; unreadable: UnreadableFile[] }> {
  return ctx.jobs.run(req.jobId, async (signal) => {
    const engine = engineConfig(ctx)
    await startMainThreadBackend(engine.backend)
    const { model, version } = await loadScanModel(ctx.db, ctx.dirs, req.modelId)
    try {
      const summary = await runFieldScan(ctx.db, ctx.dirs, model, {
        folder: resolve(req.folder),
        recursive: req.recursive,
        tta: req.tta,
        rescan: req.rescan,
        batchSize: req.batchSize,
        ...engine,
        flagThreshold: reviewThresholdOverride(ctx),
        // A model version made before crop styles existed was trained on segmented cells: masked.
        cropStyle: req.cropStyle ?? model.preprocessing.cropStyle ?? 'masked',
        onProgress: (progress) => ctx.emit('job:progress', { jobId: req.jobId, progress }),
        onItem: (item) => ctx.emit('scan:item', { jobId: req.jobId, item }),
        signal
      })
      return { summary, modelName: version.name, unreadable: unreadableFiles(ctx.db, summary.scanId) }
    } finally {
      model.head.dispose()
    }
  })
}

/** The field scan CSV: `path` (the field), `cell,x,y,width,height`, then the usual prediction columns. */
export function exportFieldScanCsv(ctx: ServiceContext, scanId: number, file: string): string {
  const out = resolve(file)
  writeFieldHistoryCsv(out, queryHistory(ctx.db, { scanId }), fieldCellsOfScan(ctx.db, scanId))
  return out
}

/** Per-sample counts of a stored field scan as they stand now (reviews since the scan included). */
export function fieldScanSamples(
  ctx: ServiceContext,
  scanId: number,
  classes: readonly string[]
): SampleCount[] {
  const scan = getScan(ctx.db, scanId)
  if (!scan) return []
  return fieldScanSampleCounts(ctx.db, scanId, classes, scan.folder)
}
