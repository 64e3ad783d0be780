import { openDatabase, type Database } from '../../src/main/core/db/database'
import { insertBackboneRow } from '../../src/main/core/db/queries/backbones'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import type { ModelDraft } from '../../src/main/core/engine/models/registry'
import { dataDir, type DataDir } from '../../src/main/core/paths'

/** A registered backbone row named `toy` (8 features): all the model registry needs; its files are never read. */
export async function insertToyBackbone(store: Store): Promise<void> {
  await insertBackboneRow(store.k, {
    createdAt: new Date().toISOString(),
    name: 'toy',
    kind: 'tfjs-layers',
    dir: 'toy',
    files: [{ name: 'model.json', bytes: 1, sha256: 'a'.repeat(64) }],
    sha256: 'b'.repeat(64),
    preprocessing: { inputSize: 224, resize: 'nearest', normalize: 'tf' },
    featureDim: 8,
    params: 1,
    source: 'test'
  })
}

/** A two-class model version on the toy backbone, with a decision threshold. */
export const TOY_DRAFT: ModelDraft = {
  name: 'toy head',
  source: 'trained',
  backbone: 'toy',
  featureDim: 8,
  classes: ['ALL', 'HEM'],
  preprocessing: { inputSize: 224, resize: 'nearest', normalize: 'tf' },
  hyperparameters: null,
  dataset: 'd',
  split: { by: 'image', seed: 1, counts: { train: 3, val: 2, test: 1 } },
  history: [],
  bestEpoch: 1,
  metrics: {},
  threshold: {
    positiveClass: 'ALL',
    value: 0.3,
    rule: { kind: 'max-balanced-accuracy' },
    validation: { balancedAccuracy: 1, sensitivity: 1, specificity: 1 }
  },
  backend: 'wasm',
  timings: { trainSeconds: 1 },
  note: null
}

/** A fresh data folder in `root` with its database, its store over that file, and the toy backbone. */
export async function toyRegistry(root: string): Promise<{ db: Database; store: Store; dirs: DataDir }> {
  const dirs = dataDir(root)
  const db = openDatabase(dirs.db)
  const store = sqliteStore(db)
  await insertToyBackbone(store)
  return { db, store, dirs }
}
