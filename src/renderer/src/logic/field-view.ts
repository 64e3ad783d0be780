/**
 * What the field view needs from a whole-field scan, as pure functions (unit-tested without a DOM): where each
 * cell's box lands on screen, the name a cell goes by, and which field holds a cell.
 */
import type { FieldView } from '../../../shared/types/scan'
import { baseName } from './format'

/**
 * The name a scanned image goes by: a cell of a whole field by its number and field ("cell 2 ·
 * BloodImage_00003.jpg", the number first: a thumbnail's caption cuts the end), anything else by its file name.
 */
export function displayName(row: { path: string; field?: { path: string; cell: number } }): string {
  return row.field ? `cell ${row.field.cell} · ${baseName(row.field.path)}` : baseName(row.path)
}

/** The index of the field holding the cell whose crop is `cropPath`, or -1. */
export function fieldOfCell(fields: readonly FieldView[], cropPath: string | null | undefined): number {
  if (!cropPath) return -1
  return fields.findIndex((f) => f.cells.some((c) => c.cropPath === cropPath))
}

/**
 * The scale a field of `width`×`height` pixels is shown at in a `boxWidth`×`boxHeight` area: the whole field
 * when that leaves it at least `minHeight` px tall, else `minHeight` tall (the area then scrolls down, never
 * sideways); never wider than the area, never above 2 (a small field is not blown up into mush).
 */
export function fitScale(
  width: number,
  height: number,
  boxWidth: number,
  boxHeight: number,
  minHeight = 0
): number {
  if (width <= 0 || height <= 0 || boxWidth <= 0 || boxHeight <= 0) return 0
  const tall = Math.max(boxHeight, Math.min(minHeight, height * 2)) / height
  return Math.min(boxWidth / width, tall, 2)
}

/** Where a cell's label tag goes: above its box, or inside its top edge when the box touches the field's top. */
export function labelAbove(boxTopPx: number, tagHeightPx: number): boolean {
  return boxTopPx >= tagHeightPx
}

/**
 * Where review goes after a cell of a field is reviewed in the field view: the field's next cell, else the
 * same cell (the technician stays on the field they are looking at).
 */
export function nextCellInField(fields: readonly FieldView[], cropPath: string): string {
  const f = fields[fieldOfCell(fields, cropPath)]
  if (!f) return cropPath
  const i = f.cells.findIndex((c) => c.cropPath === cropPath)
  return f.cells[i + 1]?.cropPath ?? cropPath
}
