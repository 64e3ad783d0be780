/** Feature extraction for an imported dataset (the tables of migration 001). */
import { isAbsolute, join } from 'node:path'
import type { Database } from '../../db/database'
import type { DataDir } from '../../paths'
import type { ExtractionResult } from '../../../../shared/types/engine'
import { extractFeatures, type ExtractImage, type ExtractOptions } from './extract'

export class UnknownDatasetError extends Error {
  override name = 'UnknownDatasetError'
}

/** Every distinct image of a dataset with a path it can be read from. */
export function datasetImages(db: Database, dataset: string): ExtractImage[] {
  const ds = db.prepare('SELECT id, root FROM datasets WHERE name = ?').get(dataset) as { id: number; root: string } | undefined
  if (!ds) throw new UnknownDatasetError(`no dataset named ${dataset}`)
  const rows = db
    .prepare(
      `SELECT i.sha256 AS sha256, di.path AS path FROM dataset_images di
       JOIN images i ON i.id = di.image_id WHERE di.dataset_id = ? ORDER BY di.path`
    )
    .all(ds.id) as ExtractImage[]
  return rows.map((r) => ({ sha256: r.sha256, path: isAbsolute(r.path) ? r.path : join(ds.root, r.path) }))
}

export async function extractDatasetFeatures(
  db: Database,
  dirs: DataDir,
  dataset: string,
  opts: ExtractOptions
): Promise<ExtractionResult & { dataset: string; images: number }> {
  const images = datasetImages(db, dataset)
  const result = await extractFeatures(db, dirs, images, opts)
  return { ...result, dataset, images: images.length }
}
