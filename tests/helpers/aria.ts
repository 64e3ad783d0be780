import { mkdirSync, readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { sharedPath } from './shared'

/**
 * A small class-folder tree of real Aria cells: the first `perClass` files (sorted) of each named Aria class,
 * linked (not copied) under `root`. Returns `root`.
 */
export function ariaSubset(root: string, classes: string[], perClass: number): string {
  for (const cls of classes) {
    const src = sharedPath('data/aria-all', cls)
    mkdirSync(join(root, cls), { recursive: true })
    for (const f of readdirSync(src).sort().slice(0, perClass)) symlinkSync(join(src, f), join(root, cls, f))
  }
  return root
}
