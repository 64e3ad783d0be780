import { isAbsolute, join } from 'node:path'
import { importFolder } from '../core/import/import-folder'
import { datasetDetails, listDatasetItems, requireDataset } from '../core/import/dataset-info'
import { splitDataset } from '../core/splits/split-dataset'
import { deleteDataset } from '../core/db/queries/datasets'
import { datasetSamples } from '../core/db/queries/images'
import type { CallRequest, DatasetDetail } from '../../shared/contract'
import type { ImportSummary } from '../../shared/types/datasets'
import type { ServiceContext } from './context'

export function listDatasets(ctx: ServiceContext) {
  return listDatasetItems(ctx.db)
}

/** A dataset in full plus up to four images per class for thumbnails. */
export function getDataset(ctx: ServiceContext, name: string): DatasetDetail {
  const row = requireDataset(ctx.db, name)
  const samples = datasetSamples(ctx.db, row.id, 4)
  return { ...datasetDetails(ctx.db, row), samples: samples.map((s) => ({ label: s.label, path: isAbsolute(s.path) ? s.path : join(row.root, s.path) })) }
}

/**
 * Imports with progress events under the caller's job id. `job:cancel` aborts the reading of the files; the
 * import module stores everything in one transaction at its end, so a cancelled import stores nothing.
 */
export function importDataset(ctx: ServiceContext, req: CallRequest<'datasets:import'>): Promise<ImportSummary> {
  return ctx.jobs.run(req.jobId, async (signal) => {
    try {
      return await importFolder(ctx.db, { folder: req.folder, name: req.name, map: req.map, signal }, (progress) => ctx.emit('job:progress', { jobId: req.jobId, progress }))
    } catch (err) {
      if (signal.aborted) throw new ImportCancelledError(req.folder)
      throw err
    }
  })
}

export class ImportCancelledError extends Error {
  override name = 'ImportCancelledError'
  constructor(folder: string) {
    super(`import of ${folder} cancelled: nothing was stored`)
  }
}

export function split(ctx: ServiceContext, req: CallRequest<'datasets:split'>) {
  return splitDataset(ctx.db, requireDataset(ctx.db, req.name).id, { seed: req.seed })
}

export function removeDataset(ctx: ServiceContext, name: string): void {
  deleteDataset(ctx.db, requireDataset(ctx.db, name).id)
}
