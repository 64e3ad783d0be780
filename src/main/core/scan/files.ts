import { realpathSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { IMAGE_EXTENSIONS, isImagePath } from '../import/layout'
import { walkFolder, type SkippedFolder, type WalkOptions } from '../import/walk-folder'

export { sha256File } from '../engine/features/files'

export class ScanFolderError extends Error {
  override name = 'ScanFolderError'
}

/**
 * The folder a scan is of, by its real path: a scan through a symlink to a folder is the scan of that folder
 * (resumed, refused while running, reused) and not a second one. A folder that does not resolve stays as given and
 * the listing says what is wrong with it.
 */
export function scanFolderPath(folder: string): string {
  try {
    return realpathSync(resolve(folder))
  } catch {
    return resolve(folder)
  }
}

/**
 * Image files of a folder (and its subfolders with `recursive`), absolute paths in a stable (sorted) order. The
 * extensions are the importer's; notes, CSVs and hidden files are not images and are not reported as unreadable.
 * Subfolders that cannot be read and symlink loops are skipped and passed to `onSkip` (the scan names them).
 */
export function listImageFiles(
  folder: string,
  recursive: boolean,
  opts: { onSkip?: (s: SkippedFolder) => void; readDir?: WalkOptions['readDir'] } = {}
): string[] {
  const root = resolve(folder)
  let st
  try {
    st = statSync(root)
  } catch {
    throw new ScanFolderError(`${root}: folder not found`)
  }
  if (!st.isDirectory()) throw new ScanFolderError(`${root}: not a folder`)
  let walked
  try {
    walked = walkFolder(root, { recursive, readDir: opts.readDir })
  } catch (err) {
    throw new ScanFolderError(
      `${root}: cannot read folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`
    )
  }
  for (const s of walked.skipped) opts.onSkip?.(s)
  return walked.files.filter((p) => isImagePath(basename(p)))
}

/**
 * The images a scan of `folder` will look at, or a ScanFolderError when there is none: a scan that finds nothing
 * must not succeed and leave an empty record behind. When the top folder has no image but its subfolders do, the
 * sentence says to add --recursive.
 */
export function requireImageFiles(
  folder: string,
  recursive: boolean,
  opts: Parameters<typeof listImageFiles>[2] = {}
): string[] {
  const files = listImageFiles(folder, recursive, opts)
  if (files.length) return files
  const root = resolve(folder)
  const below = recursive ? 0 : listImageFiles(root, true).length
  throw new ScanFolderError(
    below
      ? `no image in ${root} itself; its subfolders hold ${below} image(s): add --recursive to scan them`
      : `no image in ${root}${recursive ? ' or its subfolders' : ''} (looked for ${IMAGE_EXTENSIONS.join(' ')} files)`
  )
}
