import { createHash } from 'node:crypto'
import { createReadStream, readdirSync, statSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'

/** Extensions a scan picks up. Other files (notes, CSVs, hidden files) are not images and are not reported. */
export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff'])

export class ScanFolderError extends Error {
  override name = 'ScanFolderError'
}

/** Image files of a folder (and its subfolders with `recursive`), absolute paths in a stable (sorted) order. */
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
      } else if ((e.isFile() || e.isSymbolicLink()) && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push(p)
    }
  }
  walk(root)
  return out
}

/** sha256 of a file's content, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256')
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', rej)
      .on('end', () => res(h.digest('hex')))
  })
}
