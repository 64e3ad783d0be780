import { readFileSync } from 'node:fs'
import { sqliteStore } from '../../src/main/core/db/store'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { tf } from '../../src/main/core/engine/tf'
import { loadBackbone } from '../../src/main/core/engine/backbones/registry'
import { predictProbabilities } from '../../src/main/core/engine/head/head'
import { importKerasModel } from '../../src/main/core/engine/models/keras-import'
import { listModels, loadModelVersion } from '../../src/main/core/engine/models/registry'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { sharedPath } from '../helpers/shared'
import { readNpy } from '../helpers/npy'
import { writeLegacyFullModel } from '../helpers/legacy-keras'
import { join } from 'node:path'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const golden = JSON.parse(readFileSync(sharedPath('fixtures/keras/golden.json'), 'utf8')) as {
  images: string[]
  seed_model_probabilities: number[][]
  class_order: string[]
}
const expected = golden.seed_model_probabilities.flat()

beforeAll(async () => {
  await initBackend('wasm')
})

describe("import of the notebook's .keras model (seed_model_random.keras)", () => {
  it("becomes a model version whose DenseNet121 + head give Keras' probabilities within 1e-3", async () => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    const v = await importKerasModel(store, dirs, sharedPath('fixtures/keras/seed_model_random.keras'))
    expect(v).toMatchObject({
      source: 'keras-import',
      classes: ['ALL', 'HEM'],
      featureDim: 1024,
      active: true,
      threshold: null
    })
    expect(v.preprocessing).toEqual({
      inputSize: 224,
      resize: 'nearest',
      normalize: 'torch',
      cropStyle: 'masked'
    })
    const before = tf.memory().numTensors
    const { head } = await loadModelVersion(store, dirs, v.id)
    // 1) the head alone on Keras' own DenseNet121 features: isolates the head import (BN moving stats, Dropout)
    const feats = readNpy(sharedPath('fixtures/keras/densenet121_features.npy'))
    const fromKerasFeatures = predictProbabilities(
      head,
      Float32Array.from(feats.data as ArrayLike<number>),
      1024
    )
    fromKerasFeatures.forEach((p, i) => expect(Math.abs(p - expected[i])).toBeLessThan(1e-4))
    // 2) the whole imported model on the six images, preprocessed as the notebook did
    const backbone = await loadBackbone(store, dirs, v.backbone)
    const inputs = await Promise.all(golden.images.map((p) => loadModelInput(sharedPath(p), v.preprocessing)))
    const features = tf.tidy(() => {
      const x = tf.stack(inputs.map((a) => tf.tensor3d(a, [224, 224, 3])))
      return backbone.model.predict(x) as tf.Tensor
    })
    const probs = predictProbabilities(head, features.dataSync() as Float32Array, 1024)
    features.dispose()
    const worst = Math.max(...Array.from(probs, (p, i) => Math.abs(p - expected[i])))
    expect(worst).toBeLessThan(1e-3)
    backbone.model.dispose()
    head.dispose()
    expect(tf.memory().numTensors).toBe(before)
    // importing the same file again reuses its backbone instead of registering the weights twice
    const again = await importKerasModel(store, dirs, sharedPath('fixtures/keras/seed_model_random.keras'))
    expect(again.backbone).toBe(v.backbone)
    expect(await listModels(store)).toHaveLength(2)
    db.close()
  })

  it('a legacy Keras HDF5 full model (nested densenet121 + head) imports to the same probabilities', async () => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    const legacy = join(tmp(), 'seed_model.h5')
    await writeLegacyFullModel(sharedPath('fixtures/keras/seed_model_random.keras'), legacy)
    const v = await importKerasModel(store, dirs, legacy)
    expect(v).toMatchObject({ source: 'keras-import', classes: ['ALL', 'HEM'], featureDim: 1024 })
    const { head } = await loadModelVersion(store, dirs, v.id)
    const feats = readNpy(sharedPath('fixtures/keras/densenet121_features.npy'))
    predictProbabilities(head, Float32Array.from(feats.data as ArrayLike<number>), 1024).forEach((p, i) =>
      expect(Math.abs(p - expected[i])).toBeLessThan(1e-4)
    )
    // the DenseNet121 taken from the file (re-saved as a TF.js backbone) gives Keras' features on one golden image
    const backbone = await loadBackbone(store, dirs, v.backbone)
    const input = await loadModelInput(sharedPath(golden.images[0]), v.preprocessing)
    const f = tf.tidy(() => backbone.model.predict(tf.tensor4d(input, [1, 224, 224, 3])) as tf.Tensor)
    const got = f.dataSync()
    const want = (feats.data as Float32Array).subarray(0, 1024)
    expect(Math.max(...Array.from(got, (x, i) => Math.abs(x - want[i])))).toBeLessThan(1e-4)
    f.dispose()
    backbone.model.dispose()
    head.dispose()
    db.close()
  })

  it('a weights-only file or a non-Keras file is refused by name and stores nothing', async () => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    const notop = sharedPath('fixtures/keras/densenet121_notop_random.h5')
    // the DenseNet121 weights alone have no head
    await expect(importKerasModel(store, dirs, notop)).rejects.toThrow(/densenet121_notop_random\.h5/)
    const npy = sharedPath('fixtures/keras/golden.json')
    await expect(importKerasModel(store, dirs, npy)).rejects.toThrow(/golden\.json/)
    expect(await listModels(store)).toHaveLength(0)
    db.close()
  })
})
