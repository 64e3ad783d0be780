import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { cropCell, type CropStyle } from '../cells/crop'
import { findCellsInFile } from '../cells/field-file'
import type { CellFinderOptions } from '../cells/find'
import type { FieldCellRecord } from '../db/queries/field-cells'
import { writeAtomically } from '../files/staging'
import { cellCropsRoot, type DataDir } from '../paths'
import { sha256File } from './files'

/**
 * One field's white cells, each cut out as a crop in the model's crop style and written once into the data folder
 * under the field's content hash: what a plain field scan (fields.ts) and a queue worker's field batch
 * (core/queue) classify. The finder is deterministic, so the same field gives the same cells and the same crop
 * files on every run and every machine. Throws FileProblemError for a field that cannot be read.
 */

/** A cell found in a field, with its crop file, not yet tied to a scan. */
export type PendingCell = Omit<FieldCellRecord, 'scanId'>

/** Where a field's crops live: by the field's content, so a renamed or moved field reuses them. */
export function cropDir(dirs: DataDir, fieldSha256: string): string {
  return join(cellCropsRoot(dirs), fieldSha256.slice(0, 2), fieldSha256)
}

export async function cropFieldCells(
  dirs: DataDir,
  path: string,
  cropStyle: CropStyle,
  finder?: CellFinderOptions
): Promise<{ sha256: string; cells: PendingCell[] }> {
  const fieldSha256 = await sha256File(path)
  const found = await findCellsInFile(path, finder, true)
  const dir = cropDir(dirs, fieldSha256)
  const cells: PendingCell[] = []
  for (const [i, cell] of found.cells.entries()) {
    const cropPath = join(dir, `cell-${String(i + 1).padStart(3, '0')}-${cropStyle}.png`)
    if (!existsSync(cropPath)) {
      mkdirSync(dir, { recursive: true })
      const crop = cropCell(found.image!, cell, cropStyle, found.decodeScale, found.maskScale)
      await writeAtomically(cropPath, async (tmp) => {
        await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } })
          .png()
          .toFile(tmp)
      })
    }
    cells.push({
      fieldPath: path,
      fieldSha256,
      cell: i + 1,
      x: cell.x,
      y: cell.y,
      width: cell.width,
      height: cell.height,
      areaPx: cell.areaPx,
      score: cell.score,
      mask: cell.mask,
      maskScale: found.maskScale,
      cropStyle,
      cropPath
    })
  }
  return { sha256: fieldSha256, cells }
}
