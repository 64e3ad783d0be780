import { readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { isImagePath } from '../import/layout'

export { sha256File } from '../engine/features/files'

export class ScanFolderError extends Error {
  override name = 'ScanFolderError'
}

/**
 * Image files of a folder (and its subfolders with `recursive`), absolute paths in a stable (sorted) order. The
 * extensions are the importer's; notes, CSVs and hidden files are not images and are not reported as unreadable.
 */
export function listImageFiles(folder: string, recursive: boolean): string[] {
  const root = resolve(folder)
  let st
  try {
    st = statSync(root)
  } catch {
    throw new ScanFolderError(`${root}: folder not found`)
  }
  if (!st.isDirectory()) throw new ScanFolderError(`${root}: not a folder`)
  const out: string[] = []
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      if (e.name.startsWith('.')) continue
      const p = join(dir, e.name)
      if (e.isDirectory()) {
        if (recursive) walk(p)
      } else if ((e.isFile() || e.isSymbolicLink()) && isImagePath(e.name)) out.push(p)
    }
  }
  walk(root)
  return out
}

