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
  for (const p of [d.root, d.backbones, d.models, d.features, d.tmp]) mkdirSync(p, { recursive: true })
  return d
}
