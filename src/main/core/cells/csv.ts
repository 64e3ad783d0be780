/** The `leukolens cells` CSV: one line per white cell, plus one per field without a cell or that was unreadable. */
import type { CsvValue } from '../report/csv'
import type { FieldCells } from './field-file'

/** The first columns are fixed by the command's contract; the rest describe the field. */
export const CELLS_CSV_HEADER = [
  'path',
  'cell',
  'x',
  'y',
  'width',
  'height',
  'area_px',
  'score',
  'field_width',
  'field_height',
  'red_cell_diameter_px',
  'scale',
  'note'
] as const

export type FieldOutcome =
  { path: string; ok: true; field: FieldCells } | { path: string; ok: false; reason: string }

export const NO_CELL_NOTE = 'no white cell found'

export function cellsCsvRows(outcome: FieldOutcome): CsvValue[][] {
  if (!outcome.ok)
    return [[outcome.path, '', '', '', '', '', '', '', '', '', '', '', `unreadable: ${outcome.reason}`]]
  const f = outcome.field
  const tail = [f.width, f.height, Math.round(f.redCellDiameterPx * 10) / 10, f.scaleSource]
  if (f.cells.length === 0) return [[f.path, '', '', '', '', '', '', '', ...tail, NO_CELL_NOTE]]
  return f.cells.map((c, i) => [f.path, i + 1, c.x, c.y, c.width, c.height, c.areaPx, c.score, ...tail, ''])
}
