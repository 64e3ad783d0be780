/**
 * Whole-field scans as a service (`leukolens scan --fields`, and the scan screen's "whole fields" switch):
 * the same job, backend, workers and flag threshold as a folder scan, through core/scan/fields.ts.
 */
import { workstationStore } from './workstation-store'
import { getUnfamiliarLimit } from '../core/scan/settings'
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { CROP_STYLES, type CropStyle } from '../core/cells/crop'
import { emptyFieldsOfScan, fieldCellsOfScan, type FieldCellRecord } from '../core/db/queries/field-cells'
import { imageFileSize, ImageReadError } from '../core/images/decode'
import { writeFieldHistoryCsv } from '../core/report/field-csv'
import { fieldScanSampleCounts, runFieldScan, type FieldScanSummary } from '../core/scan/fields'
import { queryHistory } from '../core/scan/history'
import { getScan } from '../core/scan/store'
import { otherFieldScansOf } from '../core/db/queries/scans'
import type { SampleCount } from '../core/cells/sample-counts'
import type { FieldView, ScanFields } from '../../shared/types/scan'
import type { CallRequest, CallResponse } from '../../shared/contract'
import { summarizeScan } from './scans'
import type { ServiceContext } from './context'
import { scanJob, type ScanJobResult, type ScanRequest } from './scanning'
import { exportSamplesCsv, scanClasses, UnknownScanError } from './results'
import { BoundedMap } from './session-state'

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

export function scanFields(
  ctx: ServiceContext,
  req: FieldScanRequest
): Promise<ScanJobResult<FieldScanSummary>> {
  return scanJob(ctx, req, async (model, opts) =>
    runFieldScan(ctx, ctx.dirs, model, {
      ...opts,
      // A model version made before crop styles existed was trained on segmented cells: masked.
      cropStyle: req.cropStyle ?? model.preprocessing.cropStyle ?? 'masked',
      unfamiliarLimit: await getUnfamiliarLimit(workstationStore(ctx).k)
    })
  )
}

/**
 * Every run of a field scan is a scan record of its own (cells already classified are reused, not computed again):
 * the earlier ones of the same folder and model version, so the command line can say so.
 */
export async function earlierFieldScans(ctx: ServiceContext, scanId: number): Promise<number[]> {
  return (await otherFieldScansOf(ctx.store.k, scanId)).filter((id) => id < scanId)
}

/**
 * The field scan CSV: `path` (the field), `cell,x,y,width,height`, then the usual prediction columns; and beside
 * it the per-sample summary (`-samples.csv`).
 */
export async function exportFieldScanCsv(
  ctx: ServiceContext,
  scanId: number,
  file: string
): Promise<{ cells: string; samples: string }> {
  const out = resolve(file)
  const rows = await queryHistory(ctx.store, { scanId })
  writeFieldHistoryCsv(out, rows, await fieldCellsOfScan(ctx.store.k, scanId))
  return { cells: out, samples: await exportSamplesCsv(ctx, scanId, out) }
}

/** Per-sample counts of a stored field scan as they stand now (reviews since the scan included). */
export async function fieldScanSamples(
  ctx: ServiceContext,
  scanId: number,
  classes: readonly string[]
): Promise<SampleCount[]> {
  const scan = await getScan(ctx.store.k, scanId)
  if (!scan) return []
  return fieldScanSampleCounts(
    ctx,
    scanId,
    classes,
    scan.folder,
    await getUnfamiliarLimit(workstationStore(ctx).k)
  )
}

/** The scan screen's "whole fields" switch: a field scan, answered as the window's scan call answers. */
export async function startFieldScan(
  ctx: ServiceContext,
  req: CallRequest<'scan:start'>
): Promise<CallResponse<'scan:start'>> {
  const { summary, unreadable } = await scanFields(ctx, req)
  return {
    scan: await summarizeScan(ctx, (await getScan(ctx.store.k, summary.scanId))!),
    unreadable,
    skippedFolders: summary.skippedFolders,
    fields: { fields: summary.fields, withoutCells: summary.fieldsWithoutCells }
  }
}

/**
 * Field sizes by path, size and modification time, kept in the session: the field view asks again after every
 * review (its counts follow reviews), and a scan of a thousand fields should not reread a thousand headers each
 * time. Bounded, so a long-running app that opens many scans keeps only the recent fields'.
 */
const FIELD_SIZES = 'field-sizes'
const FIELD_SIZES_KEPT = 20_000

async function fieldSize(ctx: ServiceContext, path: string): Promise<{ width: number; height: number }> {
  const sizes =
    ctx.state.get<BoundedMap<string, { width: number; height: number }>>(FIELD_SIZES) ??
    ctx.state.set(FIELD_SIZES, new BoundedMap<string, { width: number; height: number }>(FIELD_SIZES_KEPT))
  let key: string
  try {
    const st = statSync(path)
    key = `${path}\0${st.size}\0${st.mtimeMs}`
  } catch {
    key = '' // missing: imageFileSize names why
  }
  const known = key ? sizes.get(key) : undefined
  if (known) return known
  const size = await imageFileSize(path)
  if (key) sizes.set(key, size)
  return size
}

/**
 * The field view's data: each field of a scan with its image size and its cells' boxes in the field's own
 * pixels, and the per-sample counts as they stand now. A field moved or deleted since the scan keeps its boxes
 * and says why it cannot be shown.
 */
export async function scanFieldsView(ctx: ServiceContext, scanId: number): Promise<ScanFields> {
  const scan = await getScan(ctx.store.k, scanId)
  if (!scan) throw new UnknownScanError(`no scan with id ${scanId}`)
  const byField = new Map<string, FieldCellRecord[]>()
  for (const c of await fieldCellsOfScan(ctx.store.k, scanId))
    byField.set(c.fieldPath, [...(byField.get(c.fieldPath) ?? []), c])
  // Fields where the finder found nothing are shown too (with no box): a missed cell is only found by looking.
  for (const path of await emptyFieldsOfScan(ctx.store.k, scanId))
    if (!byField.has(path)) byField.set(path, [])
  const fields: FieldView[] = []
  for (const [path, cells] of [...byField].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let size = { width: 0, height: 0 }
    let missing: string | undefined
    try {
      size = await fieldSize(ctx, path)
    } catch (err) {
      if (!(err instanceof ImageReadError)) throw err
      missing = err.reason
    }
    fields.push({
      path,
      ...size,
      ...(missing ? { missing } : {}),
      cells: cells.map((c) => ({
        cell: c.cell,
        x: c.x,
        y: c.y,
        width: c.width,
        height: c.height,
        score: c.score,
        cropPath: c.cropPath
      }))
    })
  }
  return {
    scanId,
    fields,
    samples: await fieldScanSamples(ctx, scanId, await scanClasses(ctx, scanId, scan.modelId))
  }
}
