import type { CropStyle } from '../cells/crop'
import { insertEmptyFields, insertFieldCells, recordedFields } from '../db/queries/field-cells'
import type { QueuedScanOptions } from '../db/queries/scan-batches'
import type { ScanItemResult } from '../db/queries/scan-items'
import { latestPredictionIds, recordItemsOnce } from '../db/queries/scan-items-once'
import type { Queries } from '../db/store'
import { FileProblemError } from '../file-error'
import type { DataDir } from '../paths'
import type { PredictedBatch } from '../scan/batch'
import { cropFieldCells, type PendingCell } from '../scan/field-crops'
import { sha256File } from '../scan/files'
import type { ComputeJob } from '../scan/plan'
import type { BatchWork } from './batch-work'

/**
 * A field scan's batch on a worker, as a plain field scan (core/scan/fields.ts) does it for a whole folder: each
 * field's white cells found and cropped into this machine's data folder (the finder is deterministic: any worker
 * finds the same cells), the crops classified — those whose content this model version has classified before
 * reused, unless the scan computes everything again — and, in the batch's transaction, the crops' items, the
 * cells tied to their fields, the fields without a cell and the unreadable fields recorded together. A batch's
 * fields are recorded all at once or not at all, so a batch taken over after another worker recorded it records
 * nothing: each field's cells once (the schema holds one row per field and cell, too).
 */

interface FoundCells {
  cells: PendingCell[]
  empty: { path: string; sha256: string }[]
  unreadable: ScanItemResult[]
}

/** Each field of the jobs (a job's duplicates are the same content: the same cells, under their own paths). */
async function findCells(
  dirs: DataDir,
  cropStyle: CropStyle,
  jobs: readonly ComputeJob[]
): Promise<FoundCells> {
  const out: FoundCells = { cells: [], empty: [], unreadable: [] }
  for (const job of jobs) {
    const paths = [job.path, ...job.duplicates]
    try {
      const found = await cropFieldCells(dirs, job.path, cropStyle)
      for (const path of paths) {
        if (!found.cells.length) out.empty.push({ path, sha256: found.sha256 })
        out.cells.push(...found.cells.map((c) => ({ ...c, fieldPath: path })))
      }
    } catch (err) {
      if (!(err instanceof FileProblemError)) throw err
      for (const path of paths) out.unreadable.push({ path, sha256: null, error: err.reason })
    }
  }
  return out
}

/** The crops as compute jobs, one per distinct content (the others riding along), as a plan groups files. */
async function cropJobs(cells: readonly PendingCell[]): Promise<ComputeJob[]> {
  const paths = [...new Set(cells.map((c) => c.cropPath))]
  const shas = await Promise.all(paths.map((p) => sha256File(p)))
  const bySha = new Map<string, ComputeJob>()
  paths.forEach((path, i) => {
    const job = bySha.get(shas[i])
    if (job) job.duplicates.push(path)
    else bySha.set(shas[i], { sha256: shas[i], path, duplicates: [] })
  })
  return [...bySha.values()]
}

export async function fieldBatchWork(
  q: Queries,
  dirs: DataDir,
  scan: QueuedScanOptions,
  scanId: number,
  jobs: readonly ComputeJob[],
  classify: (jobs: readonly ComputeJob[]) => Promise<{ predicted: PredictedBatch; backend: string }>
): Promise<BatchWork> {
  const fieldPaths = jobs.flatMap((j) => [j.path, ...j.duplicates])
  const done = await recordedFields(q, scanId, fieldPaths)
  const found = await findCells(
    dirs,
    scan.cropStyle,
    jobs.filter((j) => !done.has(j.path))
  )
  const crops = await cropJobs(found.cells)
  const previous = scan.rescan
    ? new Map<string, number>()
    : await latestPredictionIds(
        q,
        crops.map((c) => c.sha256),
        scan.modelId,
        scan.tta
      )
  const reused: ScanItemResult[] = crops.flatMap((c) =>
    previous.has(c.sha256)
      ? [c.path, ...c.duplicates].map((path) => ({
          path,
          sha256: c.sha256,
          predictionId: previous.get(c.sha256)!
        }))
      : []
  )
  const { predicted, backend } = await classify(crops.filter((c) => !previous.has(c.sha256)))
  return {
    predicted,
    backend,
    record: async (trx) => {
      // Another worker recorded this batch's fields while this one worked on them: its record stands.
      if ((await recordedFields(trx, scanId, fieldPaths)).size > done.size)
        return { predictions: 0, files: 0 }
      const r = await recordItemsOnce(trx, scanId, [...predicted.items, ...reused, ...found.unreadable])
      await insertFieldCells(
        trx,
        found.cells.map((c) => ({ ...c, scanId }))
      )
      await insertEmptyFields(trx, scanId, found.empty)
      return r
    }
  }
}
