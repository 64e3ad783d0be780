/**
 * A whole-field scan: every field of a folder → its white cells (cells/find) → one crop per cell in the model's
 * crop style, written once into the data folder under the field's content hash → the crops classified by the
 * ordinary scan pipeline (same workers, same predictions table, Grad-CAM and review work on a crop as on any
 * cell image) → each crop tied back to its field, box and mask (field_cells, migration 007).
 *
 * Rerunning the same command finds the same cells (the finder is deterministic), reuses the crops already on
 * disk and every prediction already stored for their contents: nothing is computed twice.
 */
import type { ScanSummary } from '../../../shared/types/scan'
import type { CropStyle } from '../cells/crop'
import type { CellFinderOptions } from '../cells/find'
import {
  emptyFieldsOfScan,
  fieldCellPlaces,
  insertEmptyFields,
  insertFieldCells
} from '../db/queries/field-cells'
import { outcomeOf, sampleCounts, sampleOf, type SampleCount } from '../cells/sample-counts'
import { queryHistory } from './history'
import { getUnfamiliarLimit } from './settings'
import { recordScanItems, refuseRunningScan, type ScanDbs } from './store'
import { FileProblemError } from '../file-error'
import type { DataDir } from '../paths'
import { requireImageFiles, scanFolderPath } from './files'
import { cropFieldCells, type PendingCell } from './field-crops'
import { runScan, type ScanModel, type ScanOptions } from './run'

export interface FieldScanOptions extends Omit<ScanOptions, 'files'> {
  cropStyle: CropStyle
  finder?: CellFinderOptions
  onField?: (path: string, cells: number | string) => void
  /** The `samples.unfamiliarLimit` setting, read by the caller from the workstation (default: from the scan's store). */
  unfamiliarLimit?: number
}

export interface FieldScanSummary extends ScanSummary {
  fields: number
  cells: number
  fieldsWithoutCells: string[]
  unreadableFields: { path: string; reason: string }[]
  cropStyle: CropStyle
  samples: SampleCount[]
}

export { cropDir } from './field-crops'

export async function runFieldScan(
  dbs: ScanDbs,
  dirs: DataDir,
  model: ScanModel,
  opts: FieldScanOptions
): Promise<FieldScanSummary> {
  // The fields folder by its real path (a link to it is the same scan); a scan of it with this model that runs now
  // is refused before any cell is looked for (planScan refuses it again, under the write lock, against a race).
  const folder = scanFolderPath(opts.folder)
  await refuseRunningScan(
    dbs.store,
    {
      folder,
      recursive: Boolean(opts.recursive),
      modelId: model.id,
      tta: Boolean(opts.tta),
      fields: true
    },
    opts.liveness
  )
  // Subfolders a recursive walk cannot read are named in the summary, as a folder scan names them.
  const skippedFolders: ScanSummary['skippedFolders'] = []
  const fields = requireImageFiles(folder, Boolean(opts.recursive), {
    onSkip: (s) => skippedFolders.push(s)
  })
  const pending: PendingCell[] = []
  const fieldsWithoutCells: string[] = []
  const emptyFields: { path: string; sha256: string }[] = []
  const unreadableFields: { path: string; reason: string }[] = []
  for (const path of fields) {
    if (opts.signal?.aborted) break
    try {
      const found = await cropFieldCells(dirs, path, opts.cropStyle, opts.finder)
      if (found.cells.length === 0) {
        fieldsWithoutCells.push(path)
        emptyFields.push({ path, sha256: found.sha256 })
      }
      pending.push(...found.cells)
      opts.onField?.(path, found.cells.length)
    } catch (err) {
      if (!(err instanceof FileProblemError)) throw err
      unreadableFields.push({ path, reason: err.reason })
      opts.onField?.(path, err.reason)
    }
  }
  const summary = await runScan(dbs, dirs, model, {
    ...opts,
    folder,
    files: pending.map((c) => c.cropPath),
    kind: 'scan',
    fields: true,
    // The cells, the fields without one and the unreadable fields go in with the scan's "done": one unit.
    beforeFinish: async (trx, scanId) => {
      await insertFieldCells(
        trx,
        pending.map((c) => ({ ...c, scanId }))
      )
      await insertEmptyFields(trx, scanId, emptyFields)
      // Unreadable fields belong to the scan's record like unreadable cell images do (history, report).
      await recordScanItems(
        trx,
        scanId,
        unreadableFields.map((u) => ({ path: u.path, sha256: null, error: u.reason }))
      )
    }
  })
  return {
    ...summary,
    unreadable: summary.unreadable,
    skippedFolders,
    samples: await fieldScanSampleCounts(
      dbs,
      summary.scanId,
      model.classes,
      folder,
      opts.unfamiliarLimit ?? (await getUnfamiliarLimit(dbs.store.k)),
      fieldsPerSample(fields, folder)
    ),
    fields: fields.length,
    cells: pending.length,
    fieldsWithoutCells,
    unreadableFields,
    cropStyle: opts.cropStyle
  }
}

/** Per-sample counts of a field scan from what is stored now (reviews made since the scan included). */
export async function fieldScanSampleCounts(
  { store }: ScanDbs,
  scanId: number,
  classes: readonly string[],
  folder: string,
  /** The `samples.unfamiliarLimit` setting (core/scan/settings.ts), read by the caller. */
  unfamiliarLimit: number,
  fieldsBySample?: ReadonlyMap<string, number>
): Promise<SampleCount[]> {
  const byCrop = await fieldCellPlaces(store.k, scanId)
  const outcomes = (await queryHistory(store, { scanId })).flatMap((r) => {
    const c = byCrop.get(r.path)
    return c ? [outcomeOf(r, c.path)] : []
  })
  return sampleCounts(
    outcomes,
    classes,
    folder,
    // A stored scan's fields: those with cells and those where none was found.
    fieldsBySample ??
      fieldsPerSample(
        [...[...byCrop.values()].map((c) => c.path), ...(await emptyFieldsOfScan(store.k, scanId))],
        folder
      ),
    unfamiliarLimit
  )
}

/** How many distinct fields each sample has. */
function fieldsPerSample(paths: readonly string[], folder: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const p of new Set(paths)) {
    const s = sampleOf(p, folder)
    out.set(s, (out.get(s) ?? 0) + 1)
  }
  return out
}
