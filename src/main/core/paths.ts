import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Where one user's Leukolens data lives: `leukolens.db` plus backbones/, models/, features/. */
export interface DataDir {
  root: string
  db: string
  backbones: string
  models: string
  features: string
  tmp: string
}

export function dataDir(root: string): DataDir {
  const r = resolve(root)
  const d: DataDir = {
    root: r,
    db: join(r, 'leukolens.db'),
    backbones: join(r, 'backbones'),
    models: join(r, 'models'),
    features: join(r, 'features'),
    tmp: join(r, 'tmp')
  }
  for (const p of [d.root, d.backbones, d.models, d.features, d.tmp]) {
    try {
      mkdirSync(p, { recursive: true })
    } catch (err) {
      throw new DataFolderError(r, p, err)
    }
  }
  return d
}

/** Where whole-field scans keep the crop of each cell they found (core/scan/fields.ts), by field content. */
export function cellCropsRoot(dirs: DataDir): string {
  return join(dirs.root, 'cells')
}

/**
 * The data folder cannot be set up: said with its path, and "read-only" when that is why, instead of Node's bare
 * `EPERM: operation not permitted, mkdir …` (or SQLite's later "unable to open database file").
 */
export class DataFolderError extends Error {
  override name = 'DataFolderError'
  constructor(root: string, path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code
    const readOnly = code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
    super(
      readOnly
        ? `the data folder ${root} is read-only (${code} creating ${path}); choose a writable data folder (--data-dir)`
        : `the data folder ${root} cannot be set up (${code ?? String(cause)} creating ${path}); choose a writable data folder (--data-dir)`,
      { cause }
    )
  }
}
