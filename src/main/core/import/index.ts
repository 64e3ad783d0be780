/**
 * The dataset service as the desktop app and the command line call it: plain functions taking the database,
 * returning the plain data of `src/shared/types/datasets.ts`. Errors a user can fix are `ImportError`s.
 */
import type { Database } from 'better-sqlite3'
import type { DatasetDetails, SplitSummary } from '../../../shared/types/datasets'
import { deleteDataset } from '../db/queries/datasets'
import { splitDataset, type SplitRequest } from '../splits/split-dataset'
import { datasetDetails, datasetSamples, requireDataset } from './dataset-info'

export { importFolder, type ImportOptions } from './import-folder'
export { ImportError } from './files'
export { listDatasetItems, datasetDetails, datasetSamples, requireDataset } from './dataset-info'
export { splitDataset, storedSplitSummary, type SplitRequest } from '../splits/split-dataset'

/** A dataset in full with a few sample images per label for thumbnails. */
export function getDatasetWithSamples(
  db: Database,
  name: string,
  perLabel = 4
): DatasetDetails & { samples: { path: string; label: string | null }[] } {
  const d = requireDataset(db, name)
  return { ...datasetDetails(db, d), samples: datasetSamples(db, d.id, perLabel) }
}

export function splitDatasetNamed(db: Database, name: string, req: SplitRequest = {}): SplitSummary {
  return splitDataset(db, requireDataset(db, name).id, req)
}

export function deleteDatasetNamed(db: Database, name: string): { imagesRemoved: number } {
  return deleteDataset(db, requireDataset(db, name).id)
}
