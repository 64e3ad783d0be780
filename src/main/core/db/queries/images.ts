import type { Database } from 'better-sqlite3'
import { join } from 'node:path'
import type { SplitName } from '../../../../shared/types/datasets'
import { stmt } from './statements'

/** A distinct image content. `path` is where it was first found (absolute). */
export interface ImageRow {
  id: number
  sha256: string
  path: string
  size: number
  width: number
  height: number
  format: string
}

/** Inserts an image unless its content is already stored; returns its id either way. */
export function upsertImage(db: Database, img: Omit<ImageRow, 'id'>): number {
  stmt(
    db,
    `INSERT INTO images (sha256, path, size, width, height, format, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(sha256) DO NOTHING`
  ).run(img.sha256, img.path, img.size, img.width, img.height, img.format, new Date().toISOString())
  return stmt(db, 'SELECT id FROM images WHERE sha256 = ?').pluck().get(img.sha256) as number
}

export function getImageBySha(db: Database, sha256: string): ImageRow | undefined {
  return stmt(db, 'SELECT id, sha256, path, size, width, height, format FROM images WHERE sha256 = ?').get(
    sha256
  ) as ImageRow | undefined
}

/** Membership of one image in a dataset: the path it has there, its label and subject. */
export interface MemberRow {
  imageId: number
  path: string
  label: string | null
  sourceLabel: string | null
  subject: string | null
}

export function insertMember(db: Database, datasetId: number, m: MemberRow): void {
  stmt(
    db,
    'INSERT INTO dataset_images (dataset_id, image_id, path, label, source_label, subject) VALUES (?, ?, ?, ?, ?, ?)'
  ).run(datasetId, m.imageId, m.path, m.label, m.sourceLabel, m.subject)
}

export function getMember(db: Database, datasetId: number, imageId: number): MemberRow | undefined {
  return stmt(
    db,
    'SELECT image_id AS imageId, path, label, source_label AS sourceLabel, subject FROM dataset_images WHERE dataset_id = ? AND image_id = ?'
  ).get(datasetId, imageId) as MemberRow | undefined
}

/** Every file path seen in a dataset (duplicates included) → the content hash it had. */
export function datasetFiles(db: Database, datasetId: number): Map<string, string> {
  const rows = stmt(
    db,
    'SELECT f.path, i.sha256 FROM dataset_files f JOIN images i ON i.id = f.image_id WHERE f.dataset_id = ?'
  ).all(datasetId) as { path: string; sha256: string }[]
  return new Map(rows.map((r) => [r.path, r.sha256]))
}

export function upsertDatasetFile(db: Database, datasetId: number, path: string, imageId: number): void {
  stmt(
    db,
    'INSERT INTO dataset_files (dataset_id, path, image_id) VALUES (?, ?, ?) ON CONFLICT(dataset_id, path) DO UPDATE SET image_id = excluded.image_id'
  ).run(datasetId, path, imageId)
}

/** One image of a dataset as training, feature extraction and evaluation read it. */
export interface DatasetImage {
  imageId: number
  sha256: string
  /** Absolute path: dataset root + the image's path in the dataset. */
  path: string
  label: string | null
  subject: string | null
  split: SplitName | null
  width: number
  height: number
  format: string
}

/** The images of a dataset in a stable order (by path), optionally only those of one split. */
export function listDatasetImages(
  db: Database,
  datasetId: number,
  opts: { split?: SplitName; labelledOnly?: boolean } = {}
): DatasetImage[] {
  const root = stmt(db, 'SELECT root FROM datasets WHERE id = ?').pluck().get(datasetId) as string | undefined
  if (root === undefined) throw new Error(`no dataset with id ${datasetId}`)
  const rows = stmt(
    db,
    `SELECT di.image_id AS imageId, i.sha256, di.path, di.label, di.subject, s.split, i.width, i.height, i.format
       FROM dataset_images di
       JOIN images i ON i.id = di.image_id
       LEFT JOIN splits s ON s.dataset_id = di.dataset_id AND s.image_id = di.image_id
       WHERE di.dataset_id = ?
         AND (? IS NULL OR s.split = ?)
         AND (? = 0 OR di.label IS NOT NULL)
       ORDER BY di.path`
  ).all(datasetId, opts.split ?? null, opts.split ?? null, opts.labelledOnly ? 1 : 0) as DatasetImage[]
  return rows.map((r) => ({ ...r, path: join(root, r.path) }))
}

export interface ClassStat {
  label: string
  images: number
  subjects: number
  sources: string
}

/** Images and distinct subjects per label (labelled images only), with the source classes mapped to each. */
export function classStats(db: Database, datasetId: number): ClassStat[] {
  return stmt(
    db,
    `SELECT label, count(*) AS images, count(DISTINCT subject) AS subjects, group_concat(DISTINCT source_label) AS sources
       FROM dataset_images WHERE dataset_id = ? AND label IS NOT NULL GROUP BY label ORDER BY label`
  ).all(datasetId) as ClassStat[]
}

export function datasetCounts(
  db: Database,
  datasetId: number
): { images: number; labelled: number; subjects: number; files: number } {
  return stmt(
    db,
    `SELECT count(*) AS images, count(label) AS labelled, count(DISTINCT subject) AS subjects,
              (SELECT count(*) FROM dataset_files f WHERE f.dataset_id = ?) AS files
       FROM dataset_images WHERE dataset_id = ?`
  ).get(datasetId, datasetId) as { images: number; labelled: number; subjects: number; files: number }
}

export function formatCounts(db: Database, datasetId: number): Record<string, number> {
  const rows = stmt(
    db,
    'SELECT i.format, count(*) AS n FROM dataset_images di JOIN images i ON i.id = di.image_id WHERE di.dataset_id = ? GROUP BY i.format'
  ).all(datasetId) as { format: string; n: number }[]
  return Object.fromEntries(rows.map((r) => [r.format, r.n]))
}

/** Every distinct image of a dataset with the path it has there (relative to the root or absolute), by path. */
export function datasetImagePaths(db: Database, datasetId: number): { sha256: string; path: string }[] {
  return stmt(
    db,
    `SELECT i.sha256 AS sha256, di.path AS path FROM dataset_images di
     JOIN images i ON i.id = di.image_id WHERE di.dataset_id = ? ORDER BY di.path`
  ).all(datasetId) as { sha256: string; path: string }[]
}

/** Labelled images of a dataset with their split (null before any split), by content hash. */
export function labelledImageRows(
  db: Database,
  datasetId: number
): { sha256: string; path: string; label: string; subject: string | null; split: SplitName | null }[] {
  return stmt(
    db,
    `SELECT i.sha256 AS sha256, di.path AS path, di.label AS label, di.subject AS subject, s.split AS split
     FROM dataset_images di JOIN images i ON i.id = di.image_id
     LEFT JOIN splits s ON s.dataset_id = di.dataset_id AND s.image_id = di.image_id
     WHERE di.dataset_id = ? AND di.label IS NOT NULL ORDER BY i.sha256`
  ).all(datasetId) as {
    sha256: string
    path: string
    label: string
    subject: string | null
    split: SplitName | null
  }[]
}

/** Gives a member of a dataset a new label (from `source`, e.g. a review), in its split too. */
export function relabelMember(
  db: Database,
  datasetId: number,
  imageId: number,
  label: string,
  source: string
): void {
  stmt(db, 'UPDATE dataset_images SET label = ?, source_label = ? WHERE dataset_id = ? AND image_id = ?').run(
    label,
    source,
    datasetId,
    imageId
  )
  stmt(db, 'UPDATE splits SET label = ? WHERE dataset_id = ? AND image_id = ?').run(label, datasetId, imageId)
}

/** Where each of these contents was first found (absolute paths), in the order given; unknown ones left out. */
export function imagePathsBySha256(db: Database, sha256s: readonly string[]): string[] {
  const s = stmt(db, 'SELECT path FROM images WHERE sha256 = ?')
  return sha256s.flatMap((h) => {
    const r = s.get(h) as { path: string } | undefined
    return r ? [r.path] : []
  })
}
