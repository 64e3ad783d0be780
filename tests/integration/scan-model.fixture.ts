/**
 * A real trained model for the scan tests: the shared MobileNetV2 backbone, a small class-folder dataset of real
 * Aria cells (Benign → HEM, Early → ALL) copied into a temp folder, and the published head trained on it by the
 * engine's own training pipeline. Small and seeded, so it takes seconds; its accuracy is not what these tests
 * check.
 */
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import { extractDatasetFeatures } from '../../src/main/core/engine/features/dataset'
import { trainModel } from '../../src/main/core/engine/training/pipeline'
import { importFolder } from '../../src/main/core/import/import-folder'
import { dataDir, type DataDir } from '../../src/main/core/paths'
import { sharedPath } from '../helpers/shared'

export const ARIA = (cls: string): string => sharedPath('data/aria-all', cls)

/** The first `n` files (sorted) of an Aria class folder, after skipping `skip`. */
export function ariaFiles(cls: string, n: number, skip = 0): string[] {
  return readdirSync(ARIA(cls))
    .sort()
    .slice(skip, skip + n)
    .map((f) => join(ARIA(cls), f))
}

export function copyInto(dir: string, files: string[]): string[] {
  mkdirSync(dir, { recursive: true })
  return files.map((f) => {
    const to = join(dir, f.split('/').pop()!)
    copyFileSync(f, to)
    return to
  })
}

export interface TrainedSetup {
  dirs: DataDir
  db: Database
  store: Store
  modelId: string
}

/** The backbone the model is trained on: the shared MobileNetV2 unless a test brings its own. */
export interface SetupBackbone {
  path: string
  name: string
  inputSize: number
}

const MOBILENET: SetupBackbone = {
  path: sharedPath('models/mobilenet-v2-0.35-imagenet/model.json'),
  name: 'mobilenet',
  inputSize: 224
}

/** Trains a model in a fresh data folder under `root`; the training images are the first 24 of each class. */
export async function trainedSetup(root: string, backbone = MOBILENET): Promise<TrainedSetup> {
  const dirs = dataDir(join(root, 'data'))
  const db = openDatabase(dirs.db)
  const store = sqliteStore(db)
  await addBackbone(store, dirs, { ...backbone, normalize: 'tf' })
  const train = join(root, 'train')
  copyInto(join(train, 'Benign'), ariaFiles('Benign', 24))
  copyInto(join(train, 'Early'), ariaFiles('Early', 24))
  await importFolder(store, {
    folder: train,
    name: 'mini',
    map: 'Benign=HEM,Early=ALL',
    split: { seed: 1, by: 'image' }
  })
  // Extract on wasm explicitly: this fixture must not depend on which faster runner the engine would pick.
  await extractDatasetFeatures(store, dirs, 'mini', { backbone: backbone.name, backend: 'wasm' })
  const { version } = await trainModel(store, dirs, {
    dataset: 'mini',
    backbone: backbone.name,
    recipe: 'published',
    hyper: { epochs: 5, seed: 7 },
    activate: true
  })
  return { dirs, db, store, modelId: version.id }
}
