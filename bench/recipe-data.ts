/**
 * The bench data shared by `bench/recipes.ts` and `bench/forward.ts`: the shared MobileNetV2 backbone and the
 * Aria, C-NMC and BCCD sets imported into a bench data folder (LEUKOLENS_BENCH_DIR, default
 * /tmp/leukolens-bench-recipes), features extracted once (with flips for Aria) and read back as pools.
 */
import { sqliteStore, type Store } from '../src/main/core/db/store'
import { selectBackboneByName } from '../src/main/core/db/queries/backbones'
import type { Database } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { getDatasetByName } from '../src/main/core/db/queries/datasets'
import { initBackend } from '../src/main/core/engine/backend'
import { addBackbone } from '../src/main/core/engine/backbones/add'
import { extractDatasetFeatures } from '../src/main/core/engine/features/dataset'
import { featureScopes } from '../src/main/core/engine/features/extract'
import { getFeatures } from '../src/main/core/db/queries/features'
import type { FeatureSet } from '../src/main/core/engine/training/train-head'
import { importFolder } from '../src/main/core/import/import-folder'
import { dataDir } from '../src/main/core/paths'
import type { SplitItem } from '../src/main/core/splits/assign'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
export const sharedPath = (rel: string): string => join(SHARED, rel)
export const CLASSES = ['ALL', 'HEM']
export const BACKBONE = 'mobilenetv2'

export async function prepare(): Promise<{ db: Database; store: Store }> {
  const dirs = dataDir(process.env.LEUKOLENS_BENCH_DIR ?? '/tmp/leukolens-bench-recipes')
  const db = openDatabase(dirs.db)
  const store = sqliteStore(db)
  await initBackend()
  if (!(await selectBackboneByName(store.k, BACKBONE)))
    await addBackbone(store, dirs, {
      path: sharedPath('models/mobilenet-v2-0.35-imagenet'),
      name: BACKBONE,
      normalize: 'tf'
    })
  const sets: [string, string, string | undefined][] = [
    ['aria', 'data/aria-all', 'Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL'],
    ['cnmc', 'data/cnmc-samples', undefined],
    ['bccd', 'data/bccd-fields/JPEGImages', undefined]
  ]
  for (const [name, rel, map] of sets) {
    if (!existsSync(sharedPath(rel))) throw new Error(`${sharedPath(rel)} is missing (LEUKOLENS_SHARED)`)
    if (!(await getDatasetByName(store.k, name)))
      await importFolder(store, { folder: sharedPath(rel), name, map, split: false })
    await extractDatasetFeatures(store, dirs, name, { backbone: BACKBONE, flip: name === 'aria' })
  }
  return { db, store }
}

/** `file`: the image's absolute path (the colour check reads it). */
export type PoolItem = SplitItem & { file: string }

export interface Pool {
  items: PoolItem[]
  plain: Map<string, Float32Array>
  flip: Map<string, Float32Array>
  dim: number
}

export async function pool(db: Database, store: Store, name: string): Promise<Pool> {
  const ds = (await getDatasetByName(store.k, name))!
  const items = db
    .prepare(
      `SELECT di.image_id AS imageId, i.sha256 AS key, di.label, di.subject, di.path, i.path AS file
       FROM dataset_images di JOIN images i ON i.id = di.image_id WHERE di.dataset_id = ?`
    )
    .all(ds.id) as PoolItem[]
  const scopes = await featureScopes(store, BACKBONE)
  const shas = items.map((i) => i.key)
  const plain = await getFeatures(store.k, scopes.plain, shas)
  const flip = await getFeatures(store.k, scopes.flip, shas)
  return { items, plain, flip, dim: plain.values().next().value!.length }
}

export function setOf(p: Pool, items: SplitItem[], withFlip: boolean): FeatureSet {
  const rows: [Float32Array, number][] = items.map((i) => [p.plain.get(i.key)!, CLASSES.indexOf(i.label)])
  if (withFlip) for (const i of items) rows.push([p.flip.get(i.key)!, CLASSES.indexOf(i.label)])
  const features = new Float32Array(rows.length * p.dim)
  rows.forEach(([v], r) => features.set(v, r * p.dim))
  return { features, labels: Int32Array.from(rows, ([, l]) => l), featureDim: p.dim }
}
