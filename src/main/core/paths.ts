import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
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

/**
 * The default for the command line when neither `--data-dir` nor `LEUKOLENS_DATA_DIR` is given. It is the
 * folder Electron's `app.getPath('userData')` gives the desktop app on each platform, so both share one store.
 */
export function defaultDataRoot(): string {
  const home = homedir()
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Leukolens')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Leukolens')
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Leukolens')
}

export function resolveDataRoot(flag?: string): string {
  return resolve(flag ?? process.env.LEUKOLENS_DATA_DIR ?? defaultDataRoot())
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
  for (const p of [d.root, d.backbones, d.models, d.features, d.tmp]) mkdirSync(p, { recursive: true })
  return d
}
