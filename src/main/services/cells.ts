/**
 * Finding white cells in fields without classifying them (`leukolens cells`): files and folders in, one outcome
 * per field out. An unreadable field is named and skipped; it never stops the run.
 */
import { mkdirSync, statSync } from 'node:fs'
import { basename, extname, join, relative, resolve } from 'node:path'
import { cellsCsvRows, CELLS_CSV_HEADER, type FieldOutcome } from '../core/cells/csv'
import { findCellsInFile } from '../core/cells/field-file'
import type { CellFinderOptions } from '../core/cells/find'
import { writeOverlay } from '../core/cells/overlay'
import { FileProblemError } from '../core/file-error'
import { writeCsvFile } from '../core/report/csv'
import { listImageFiles } from '../core/scan/files'

export interface FindCellsRequest {
  /** Image files and folders. */
  inputs: string[]
  recursive: boolean
  /** Folder for a PNG of each field with its boxes drawn. */
  overlayDir?: string
  /** CSV to write (`path,cell,x,y,width,height,area_px,score,…`). */
  csv?: string
  finder?: CellFinderOptions
  onField?: (outcome: FieldOutcome, index: number, total: number) => void
}

export interface FindCellsSummary {
  fields: number
  cells: number
  withoutCells: number
  unreadable: number
  outcomes: FieldOutcome[]
}

const OVERLAY_COLOR = [0, 200, 60] as const

/** The image files named: files as given, folders listed (recursively on request), in a stable order. */
export function fieldFiles(inputs: string[], recursive: boolean): { path: string; root: string }[] {
  return inputs.flatMap((input) => {
    const p = resolve(input)
    let isDir = false
    try {
      isDir = statSync(p).isDirectory()
    } catch {
      return [{ path: p, root: resolve(p, '..') }]
    }
    return isDir
      ? listImageFiles(p, recursive).map((f) => ({ path: f, root: p }))
      : [{ path: p, root: resolve(p, '..') }]
  })
}

/** An overlay's file name: the field's path under its input folder, flattened, so subfolders cannot collide. */
function overlayName(path: string, root: string): string {
  const rel = relative(root, path)
  return `${rel.slice(0, rel.length - extname(rel).length).replace(/[\\/]/g, '__') || basename(path)}.png`
}

export async function findCellsInFields(req: FindCellsRequest): Promise<FindCellsSummary> {
  const files = fieldFiles(req.inputs, req.recursive)
  if (req.overlayDir) mkdirSync(req.overlayDir, { recursive: true })
  const outcomes: FieldOutcome[] = []
  for (const [i, { path, root }] of files.entries()) {
    let outcome: FieldOutcome
    try {
      const field = await findCellsInFile(path, req.finder, Boolean(req.overlayDir))
      if (req.overlayDir && field.image) {
        const k = field.decodeScale
        // Numbered as the CSV's `cell` column numbers them (1-based, in the finder's order).
        const boxes = field.cells.map((c, n) => ({
          x: c.x * k,
          y: c.y * k,
          width: c.width * k,
          height: c.height * k,
          color: OVERLAY_COLOR,
          label: String(n + 1)
        }))
        await writeOverlay(join(req.overlayDir, overlayName(path, root)), field.image, boxes)
      }
      delete field.image
      outcome = { path, ok: true, field }
    } catch (err) {
      if (!(err instanceof FileProblemError)) throw err
      outcome = { path, ok: false, reason: err.reason }
    }
    outcomes.push(outcome)
    req.onField?.(outcome, i, files.length)
  }
  if (req.csv) writeCsvFile(resolve(req.csv), CELLS_CSV_HEADER, outcomes.flatMap(cellsCsvRows))
  const ok = outcomes.flatMap((o) => (o.ok ? [o.field] : []))
  return {
    fields: outcomes.length,
    cells: ok.reduce((n, f) => n + f.cells.length, 0),
    withoutCells: ok.filter((f) => f.cells.length === 0).length,
    unreadable: outcomes.length - ok.length,
    outcomes
  }
}
