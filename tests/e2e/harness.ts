import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
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
