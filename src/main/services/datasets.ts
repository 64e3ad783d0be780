import type { ImportOptions } from '../core/import/import-folder'
import { workstationStore } from './workstation-store'
import { getMaxPixels } from '../core/scan/settings'
import { datasetDetails, datasetSamples, listDatasetItems, requireDataset } from '../core/import/dataset-info'
import { splitDataset, type SplitRequest } from '../core/splits/split-dataset'
import { subjectSourceFrom } from '../core/import/subjects'
import { deleteDataset } from '../core/db/queries/datasets'
import type { CallRequest, DatasetDetail } from '../../shared/contract'
import type { ImportSummary, SplitSummary } from '../../shared/types/datasets'
import type { ServiceContext } from './context'

export function listDatasets(ctx: ServiceContext) {
  return listDatasetItems(ctx.store.k)
}

/** A dataset in full plus up to four images per class for thumbnails. */
export async function getDataset(ctx: ServiceContext, name: string): Promise<DatasetDetail> {
  const row = await requireDataset(ctx.store.k, name)
  return {
    ...(await datasetDetails(ctx.store.k, row)),
    samples: await datasetSamples(ctx.store.k, row.id, 4)
  }
}

/** The window's import: the contract's fields; the command line adds split settings and concurrency. */
export type ImportRequest = CallRequest<'datasets:import'> &
  Pick<ImportOptions, 'split' | 'concurrency'> & {
    /** Real subject ids: a capture group of each file name, or a CSV with a file and a subject column. */
    groupBy?: string
    subjectsCsv?: string
  }

/**
 * Imports with progress events under the caller's job id. `job:cancel` aborts the reading of the files; the
 * import module stores everything in one transaction at its end, so a cancelled import stores nothing.
 */
export async function importDataset(ctx: ServiceContext, req: ImportRequest): Promise<ImportSummary> {
  return ctx.jobs.run(req.jobId, async (signal) => {
    // Reading images needs sharp: loaded with the first import, not with the dataset list.
    const { importFolder } = await import('../core/import/import-folder')
    const subjects = subjectSourceFrom({ groupBy: req.groupBy, subjectsCsv: req.subjectsCsv })
    const maxPixels = await getMaxPixels(workstationStore(ctx).k)
    try {
      return await importFolder(
        ctx.store,
        {
          folder: req.folder,
          name: req.name,
          map: req.map,
          split: req.split,
          concurrency: req.concurrency,
          subjects,
          maxPixels,
          signal
        },
        (progress) => ctx.emit('job:progress', { jobId: req.jobId, progress })
      )
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

export async function split(
  ctx: ServiceContext,
  req: { name: string } & SplitRequest
): Promise<SplitSummary> {
  const { name, ...request } = req
  return splitDataset(ctx.store, (await requireDataset(ctx.store.k, name)).id, request)
}

export async function removeDataset(
  ctx: ServiceContext,
  name: string
): Promise<{ dataset: string; imagesRemoved: number }> {
  const d = await requireDataset(ctx.store.k, name)
  return { dataset: d.name, ...(await deleteDataset(ctx.store, d.id)) }
}
