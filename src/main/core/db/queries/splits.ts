import type { Database } from 'better-sqlite3'
import type { SplitName } from '../../../../shared/types/datasets'
import type { SplitItem } from '../../splits/assign'
import type { SplitRow } from '../../splits/report'

/** Labelled images of a dataset as the splitter needs them. */
/** `file`: where the image is stored on disk (its modification time orders the forward rule by time). */
export function splitItems(db: Database, datasetId: number): (SplitItem & { file: string })[] {
  return db
    .prepare(
      `SELECT di.image_id AS imageId, i.sha256 AS key, di.label, di.subject, di.path, i.path AS file
       FROM dataset_images di JOIN images i ON i.id = di.image_id
       WHERE di.dataset_id = ? AND di.label IS NOT NULL`
    )
    .all(datasetId) as (SplitItem & { file: string })[]
}

export function currentAssignment(db: Database, datasetId: number): Map<number, SplitName> {
  const rows = db
    .prepare('SELECT image_id AS imageId, split FROM splits WHERE dataset_id = ?')
    .all(datasetId) as {
    imageId: number
    split: SplitName
  }[]
  return new Map(rows.map((r) => [r.imageId, r.split]))
}

/** Replaces the whole split of a dataset (call inside a transaction with the settings update). */
export function replaceSplit(
  db: Database,
  datasetId: number,
  assignment: ReadonlyMap<number, SplitName>
): void {
  db.prepare('DELETE FROM splits WHERE dataset_id = ?').run(datasetId)
  const insert = db.prepare(
    `INSERT INTO splits (dataset_id, image_id, split, label)
     SELECT dataset_id, image_id, ?, label FROM dataset_images WHERE dataset_id = ? AND image_id = ? AND label IS NOT NULL`
  )
  for (const [imageId, split] of assignment) insert.run(split, datasetId, imageId)
}

export function splitRows(db: Database, datasetId: number): SplitRow[] {
  return db
    .prepare(
      `SELECT s.split, s.label, di.subject FROM splits s
       JOIN dataset_images di ON di.dataset_id = s.dataset_id AND di.image_id = s.image_id
       WHERE s.dataset_id = ?`
    )
    .all(datasetId) as SplitRow[]
}
