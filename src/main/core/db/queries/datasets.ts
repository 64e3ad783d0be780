import type { Database } from 'better-sqlite3'
import type { DatasetLayout, SplitBy, SplitOrder, SplitRule } from '../../../../shared/types/datasets'

export interface SplitSettings {
  seed: number
  ratios: [number, number, number]
  by: SplitBy
  /** Unknown subjects grouped into blocks of this many consecutive files (migration 006); null: not. */
  blockSize: number | null
  /** Rule for images of unknown subject (migration 011); null: none needed (or split before 011 without blocks). */
  rule: SplitRule | null
  order: SplitOrder | null
}

export interface DatasetRow {
  id: number
  name: string
  root: string
  layout: DatasetLayout
  classMapping: Record<string, string>
  createdAt: string
  split: (SplitSettings & { at: string }) | null
}

interface RawDatasetRow {
  id: number
  name: string
  root: string
  layout: string
  class_mapping: string
  created_at: string
  split_seed: number | null
  split_ratios: string | null
  split_by: string | null
  split_at: string | null
  split_block_size: number | null
  split_rule: string | null
  split_order: string | null
}

function fromRow(r: RawDatasetRow): DatasetRow {
  return {
    id: r.id,
    name: r.name,
    root: r.root,
    layout: r.layout as DatasetLayout,
    classMapping: JSON.parse(r.class_mapping) as Record<string, string>,
    createdAt: r.created_at,
    split:
      r.split_seed !== null && r.split_ratios && r.split_by && r.split_at
        ? {
            seed: r.split_seed,
            ratios: JSON.parse(r.split_ratios) as [number, number, number],
            by: r.split_by as SplitBy,
            blockSize: r.split_block_size ?? null,
            rule: (r.split_rule as SplitRule | null) ?? null,
            order: (r.split_order as SplitOrder | null) ?? null,
            at: r.split_at
          }
        : null
  }
}

export function insertDataset(
  db: Database,
  d: { name: string; root: string; layout: DatasetLayout; classMapping: Record<string, string> }
): number {
  const info = db
    .prepare('INSERT INTO datasets (name, root, layout, class_mapping, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(d.name, d.root, d.layout, JSON.stringify(d.classMapping), new Date().toISOString())
  return Number(info.lastInsertRowid)
}

export function getDatasetByName(db: Database, name: string): DatasetRow | undefined {
  const r = db.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as RawDatasetRow | undefined
  return r && fromRow(r)
}

export function getDataset(db: Database, id: number): DatasetRow | undefined {
  const r = db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as RawDatasetRow | undefined
  return r && fromRow(r)
}

export function listDatasets(db: Database): DatasetRow[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY name').all() as RawDatasetRow[]).map(fromRow)
}

export function setSplitSettings(db: Database, id: number, s: SplitSettings): void {
  db.prepare(
    `UPDATE datasets SET split_seed = ?, split_ratios = ?, split_by = ?, split_block_size = ?, split_rule = ?,
       split_order = ?, split_at = ? WHERE id = ?`
  ).run(s.seed, JSON.stringify(s.ratios), s.by, s.blockSize, s.rule, s.order, new Date().toISOString(), id)
}

/**
 * Deletes a dataset with its membership, file list and split (ON DELETE CASCADE), then the images no dataset
 * uses any more. An image another table still refers to (a later feature, scan or model row) is kept.
 */
export function deleteDataset(db: Database, id: number): { imagesRemoved: number } {
  return db.transaction(() => {
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id)
    const orphans = db
      .prepare(
        'SELECT id FROM images WHERE NOT EXISTS (SELECT 1 FROM dataset_images di WHERE di.image_id = images.id)'
      )
      .pluck()
      .all() as number[]
    const del = db.prepare('DELETE FROM images WHERE id = ?')
    let removed = 0
    for (const imageId of orphans) {
      try {
        db.transaction(() => del.run(imageId))()
        removed++
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err
      }
    }
    return { imagesRemoved: removed }
  })()
}
