// Node's own zlib (same zlib format as fflate's zlibSync wrote): the query module stays free of packages, so the
// scan list the command line and the window show loads nothing but SQLite (tests/unit/config.test.ts).
import { deflateSync, inflateSync } from 'node:zlib'
import type { Queries } from '../store'

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

/** Rows per INSERT: far below either engine's limit on bound parameters (17 a row). */
const CELLS_PER_INSERT = 200

/**
 * Records the cells of a field scan (a rerun of the same scan keeps a field's rows, never duplicates them). Run it
 * inside the write transaction that finishes the scan.
 */
export async function insertFieldCells(q: Queries, cells: readonly FieldCellRecord[]): Promise<void> {
  const now = new Date().toISOString()
  const rows = cells.map((c) => ({
    scan_id: c.scanId,
    field_path: c.fieldPath,
    field_sha256: c.fieldSha256,
    cell: c.cell,
    x: c.x,
    y: c.y,
    width: c.width,
    height: c.height,
    area_px: c.areaPx,
    score: c.score,
    mask: deflateSync(c.mask.data),
    mask_width: c.mask.width,
    mask_height: c.mask.height,
    mask_scale: c.maskScale,
    crop_style: c.cropStyle,
    crop_path: c.cropPath,
    created_at: now
  }))
  for (let i = 0; i < rows.length; i += CELLS_PER_INSERT)
    await q
      .insertInto('field_cells')
      .values(rows.slice(i, i + CELLS_PER_INSERT))
      .onConflict((oc) => oc.columns(['scan_id', 'field_path', 'cell']).doNothing())
      .execute()
}

/** Where each cell crop of a field scan came from: its field and its number there, by the crop's path. */
export async function fieldCellPlaces(
  q: Queries,
  scanId: number
): Promise<Map<string, { path: string; cell: number }>> {
  const rows = await q
    .selectFrom('field_cells')
    .select(['crop_path', 'field_path', 'cell'])
    .where('scan_id', '=', scanId)
    .execute()
  return new Map(rows.map((r) => [r.crop_path, { path: r.field_path, cell: r.cell }]))
}

/** The cells of one field scan, by field then cell number. */
export async function fieldCellsOfScan(q: Queries, scanId: number): Promise<FieldCellRecord[]> {
  const rows = await q
    .selectFrom('field_cells')
    .selectAll()
    .where('scan_id', '=', scanId)
    .orderBy('field_path')
    .orderBy('cell')
    .execute()
  return rows.map((r) => fromRow(r as FieldCellRow))
}

/** How many cells a scan found in whole fields (0 for a scan of cell images). */
export async function fieldCellCount(q: Queries, scanId: number): Promise<number> {
  const r = await q
    .selectFrom('field_cells')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('scan_id', '=', scanId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The field and cell a crop of a field scan came from (undefined for any other image of the scan). */
export async function fieldCellOfCrop(
  q: Queries,
  scanId: number,
  cropPath: string
): Promise<{ fieldPath: string; cell: number } | undefined> {
  const r = await q
    .selectFrom('field_cells')
    .select(['field_path', 'cell'])
    .where('scan_id', '=', scanId)
    .where('crop_path', '=', cropPath)
    .executeTakeFirst()
  return r && { fieldPath: r.field_path, cell: r.cell }
}

/** Fields of a scan in which no white cell was found (migration 010). */
export async function insertEmptyFields(
  q: Queries,
  scanId: number,
  fields: readonly { path: string; sha256: string }[]
): Promise<void> {
  const now = new Date().toISOString()
  for (let i = 0; i < fields.length; i += CELLS_PER_INSERT)
    await q
      .insertInto('field_scan_empty')
      .values(
        fields
          .slice(i, i + CELLS_PER_INSERT)
          .map((f) => ({ scan_id: scanId, field_path: f.path, field_sha256: f.sha256, created_at: now }))
      )
      // Only a repeat of the same field is skipped; any other constraint still refuses the row.
      .onConflict((oc) => oc.columns(['scan_id', 'field_path']).doNothing())
      .execute()
}

/** The paths of a scan's fields without a white cell, in path order. */
export async function emptyFieldsOfScan(q: Queries, scanId: number): Promise<string[]> {
  const rows = await q
    .selectFrom('field_scan_empty')
    .select('field_path')
    .where('scan_id', '=', scanId)
    .orderBy('field_path')
    .execute()
  return rows.map((r) => r.field_path)
}

/**
 * Which of these fields a scan has recorded already: with its cells, as a field without one, or as unreadable (a
 * queue worker records a batch's fields together, so a batch taken over after another worker recorded it is seen).
 */
export async function recordedFields(
  q: Queries,
  scanId: number,
  paths: readonly string[]
): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < paths.length; i += CELLS_PER_INSERT) {
    const chunk = paths.slice(i, i + CELLS_PER_INSERT)
    const rows = await q
      .selectFrom('field_cells')
      .select('field_path as path')
      .where('scan_id', '=', scanId)
      .where('field_path', 'in', chunk)
      .union((eb) =>
        eb
          .selectFrom('field_scan_empty')
          .select('field_path as path')
          .where('scan_id', '=', scanId)
          .where('field_path', 'in', chunk)
      )
      .union((eb) =>
        eb.selectFrom('scan_items').select('path').where('scan_id', '=', scanId).where('path', 'in', chunk)
      )
      .execute()
    for (const r of rows) found.add(r.path)
  }
  return found
}
