import type { Database } from 'better-sqlite3'
// Node's own zlib (same zlib format as fflate's zlibSync wrote): the query module stays free of packages, so the
// scan list the command line and the window show loads nothing but SQLite (tests/unit/config.test.ts).
import { deflateSync, inflateSync } from 'node:zlib'
import { stmt } from './statements'

/** SQL of whole-field scans (migration 007): which field, box and mask each classified cell crop came from. */

export interface FieldCellRecord {
  scanId: number
  fieldPath: string
  fieldSha256: string
  /** 1-based within the field. */
  cell: number
  x: number
  y: number
  width: number
  height: number
  areaPx: number
  score: number
  mask: { data: Uint8Array; width: number; height: number }
  /** Field pixels → mask pixels. */
  maskScale: number
  cropStyle: 'masked' | 'plain'
  cropPath: string
}

interface FieldCellRow {
  scan_id: number
  field_path: string
  field_sha256: string
  cell: number
  x: number
  y: number
  width: number
  height: number
  area_px: number
  score: number
  mask: Buffer
  mask_width: number
  mask_height: number
  mask_scale: number
  crop_style: 'masked' | 'plain'
  crop_path: string
}

function fromRow(r: FieldCellRow): FieldCellRecord {
  return {
    scanId: r.scan_id,
    fieldPath: r.field_path,
    fieldSha256: r.field_sha256,
    cell: r.cell,
    x: r.x,
    y: r.y,
    width: r.width,
    height: r.height,
    areaPx: r.area_px,
    score: r.score,
    mask: { data: new Uint8Array(inflateSync(r.mask)), width: r.mask_width, height: r.mask_height },
    maskScale: r.mask_scale,
    cropStyle: r.crop_style,
    cropPath: r.crop_path
  }
}

/** Records the cells of a field scan (a rerun of the same scan replaces a field's rows, never duplicates them). */
export function insertFieldCells(db: Database, cells: readonly FieldCellRecord[]): void {
  const insert = db.prepare(
    `INSERT INTO field_cells (scan_id, field_path, field_sha256, cell, x, y, width, height, area_px, score, mask,
       mask_width, mask_height, mask_scale, crop_style, crop_path, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (scan_id, field_path, cell) DO NOTHING`
  )
  db.transaction(() => {
    const now = new Date().toISOString()
    for (const c of cells) {
      insert.run(
        c.scanId,
        c.fieldPath,
        c.fieldSha256,
        c.cell,
        c.x,
        c.y,
        c.width,
        c.height,
        c.areaPx,
        c.score,
        deflateSync(c.mask.data),
        c.mask.width,
        c.mask.height,
        c.maskScale,
        c.cropStyle,
        c.cropPath,
        now
      )
    }
  })()
}

/** The cells of one field scan, by field then cell number. */
export function fieldCellsOfScan(db: Database, scanId: number): FieldCellRecord[] {
  return (
    db
      .prepare('SELECT * FROM field_cells WHERE scan_id = ? ORDER BY field_path, cell')
      .all(scanId) as FieldCellRow[]
  ).map(fromRow)
}

/** How many cells a scan found in whole fields (0 for a scan of cell images). */
export function fieldCellCount(db: Database, scanId: number): number {
  return db.prepare('SELECT count(*) FROM field_cells WHERE scan_id = ?').pluck().get(scanId) as number
}

/** The field and cell a crop of a field scan came from (undefined for any other image of the scan). */
export function fieldCellOfCrop(
  db: Database,
  scanId: number,
  cropPath: string
): { fieldPath: string; cell: number } | undefined {
  const r = stmt(db, 'SELECT field_path, cell FROM field_cells WHERE scan_id = ? AND crop_path = ?').get(
    scanId,
    cropPath
  ) as { field_path: string; cell: number } | undefined
  return r && { fieldPath: r.field_path, cell: r.cell }
}

/** Fields of a scan in which no white cell was found (migration 010). */
export function insertEmptyFields(
  db: Database,
  scanId: number,
  fields: readonly { path: string; sha256: string }[]
): void {
  const insert = stmt(
    db,
    // Only a repeat of the same field is skipped; any other constraint still refuses the row.
    `INSERT INTO field_scan_empty (scan_id, field_path, field_sha256, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (scan_id, field_path) DO NOTHING`
  )
  const now = new Date().toISOString()
  db.transaction(() => {
    for (const f of fields) insert.run(scanId, f.path, f.sha256, now)
  })()
}

/** The paths of a scan's fields without a white cell, in path order. */
export function emptyFieldsOfScan(db: Database, scanId: number): string[] {
  return stmt(db, 'SELECT field_path FROM field_scan_empty WHERE scan_id = ? ORDER BY field_path')
    .pluck()
    .all(scanId) as string[]
}
