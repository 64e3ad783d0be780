/** Feature extraction for an imported dataset (the tables of migration 001). */
import type { Queries, Store } from '../../db/store'
import { isAbsolute, join } from 'node:path'
import type { DataDir } from '../../paths'
import { getDatasetByName } from '../../db/queries/datasets'
import { datasetImagePaths } from '../../db/queries/images'
import type { ExtractionResult } from '../../../../shared/types/engine'
import { extractFeatures, type ExtractImage, type ExtractOptions } from './extract'
import { noDatasetMessage } from '../../import/dataset-info'

export class UnknownDatasetError extends Error {
  override name = 'UnknownDatasetError'
}

/** Every distinct image of a dataset with a path it can be read from. */
export async function datasetImages(q: Queries, dataset: string): Promise<ExtractImage[]> {
  const ds = await getDatasetByName(q, dataset)
  if (!ds) throw new UnknownDatasetError(await noDatasetMessage(q, dataset))
  return (await datasetImagePaths(q, ds.id)).map((r) => ({
    sha256: r.sha256,
    path: isAbsolute(r.path) ? r.path : join(ds.root, r.path)
  }))
}

export async function extractDatasetFeatures(
  store: Store,
  dirs: DataDir,
  dataset: string,
  opts: ExtractOptions
): Promise<ExtractionResult & { dataset: string; images: number }> {
  const images = await datasetImages(store.k, dataset)
  const result = await extractFeatures(store, dirs, images, opts)
  return { ...result, dataset, images: images.length }
}
