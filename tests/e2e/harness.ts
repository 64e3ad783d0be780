import { copyFileSync, linkSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { sharedPath } from '../helpers/shared'

/** A small two-class training folder: the first N files of each Aria class (sorted, so the subset is fixed). */
export function makeTrainingFolder(
  dir: string,
  perClass: Record<string, number> = { Benign: 30, Early: 10, Pre: 10, Pro: 10 }
): void {
  for (const [cls, n] of Object.entries(perClass)) {
    const src = sharedPath('data/aria-all', cls)
    mkdirSync(join(dir, cls), { recursive: true })
    for (const f of readdirSync(src).sort().slice(0, n)) copyFileSync(join(src, f), join(dir, cls, f))
  }
}

/**
 * A folder of a few BCCD smear fields, one of them with two white cells. The fields are read in place: hard
 * links to the shared files (a copy only where the data lies on another file system). Not symlinks: the image
 * protocol follows links and would refuse a field whose real path lies outside the scanned folder.
 */
export function makeFieldsFolder(dir: string, numbers = ['00001', '00002', '00010', '00031']): void {
  mkdirSync(dir, { recursive: true })
  for (const n of numbers) {
    const src = sharedPath('data/bccd-fields/JPEGImages', `BloodImage_${n}.jpg`)
    const to = join(dir, `BloodImage_${n}.jpg`)
    try {
      linkSync(src, to)
    } catch {
      copyFileSync(src, to)
    }
  }
}
