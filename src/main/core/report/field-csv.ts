/**
 * The scan CSV of a whole-field scan: the history export's columns, with `path` the field and the cell's number
 * and box (`cell,x,y,width,height`, field pixels) right after it; the cell crop's own path goes last.
 */
import type { HistoryRow } from '../../../shared/types/scan'
import type { FieldCellRecord } from '../db/queries/field-cells'
import { historyTable, writeCsvFile, type CsvValue } from './csv'

export function fieldHistoryTable(
  rows: readonly HistoryRow[],
  cells: readonly FieldCellRecord[]
): { header: string[]; lines: CsvValue[][] } {
  const byCrop = new Map(cells.map((c) => [c.cropPath, c]))
  const base = historyTable(rows)
  const header = ['path', 'cell', 'x', 'y', 'width', 'height', ...base.header.slice(1), 'crop_path']
  const lines = rows.flatMap((r, i) => {
    const c = byCrop.get(r.path)
    if (!c) return []
    return [[c.fieldPath, c.cell, c.x, c.y, c.width, c.height, ...base.lines[i].slice(1), r.path]]
  })
  lines.sort((a, b) => (a[0] === b[0] ? Number(a[1]) - Number(b[1]) : String(a[0]) < String(b[0]) ? -1 : 1))
  return { header, lines }
}

export function writeFieldHistoryCsv(
  file: string,
  rows: readonly HistoryRow[],
  cells: readonly FieldCellRecord[]
): number {
  const t = fieldHistoryTable(rows, cells)
  return writeCsvFile(file, t.header, t.lines)
}
