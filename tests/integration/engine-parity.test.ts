import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { initBackend } from '../../src/main/core/engine/backend'
import { buildDenseNet121 } from '../../src/main/core/engine/backbones/densenet121'
import { loadDenseNet121Weights } from '../../src/main/core/engine/backbones/densenet121-weights'
import { fuseDenseNet121 } from '../../src/main/core/engine/backbones/densenet121-fused'
import { assignKerasWeights } from '../../src/main/core/engine/keras/assign'
import { readLegacyH5Weights } from '../../src/main/core/engine/keras/legacy-h5'
import { readKeras3Weights } from '../../src/main/core/engine/keras/keras3'
import { KerasFileError } from '../../src/main/core/engine/keras/hdf5'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { tf, type LayersModel } from '../../src/main/core/engine/tf'
import { maxAbsDiff } from '../helpers/arrays'
import { readNpy } from '../helpers/npy'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'
import { readFileSync, writeFileSync } from 'node:fs'
import { unzipSync } from 'fflate'

const TOL = 1e-5
const MEAN = [0.485, 0.456, 0.406]
const STD = [0.229, 0.224, 0.225]

/** The six golden images, in make_fixtures.py's order (first 3 `all`, first 3 `hem`). */
function goldenFiles(): string[] {
  const d = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0')
  const pick = (c: string): string[] =>
    readdirSync(join(d, c))
      .sort()
      .slice(0, 3)
      .map((f) => join(d, c, f))
  return [...pick('all'), ...pick('hem')]
}

function features(model: LayersModel, x: Float32Array, n: number): Float32Array {
  const y = tf.tidy(() => model.predict(tf.tensor4d(x, [n, 224, 224, 3])) as tf.Tensor)
  const out = y.dataSync() as Float32Array
  y.dispose()
  return out
}

describe('DenseNet121 parity with Keras (legacy HDF5 weights)', () => {
  const tmp = useTmpDirs()
  let model: LayersModel
  let golden: Float32Array
  let torchInput: Float32Array

  beforeAll(async () => {
    await initBackend('wasm')
    model = buildDenseNet121()
    const report = await loadDenseNet121Weights(
      model,
      sharedPath('fixtures/keras/densenet121_notop_random.h5')
    )
    expect(report).toMatchObject({ matchedBy: 'name', layers: 241, arrays: 604 })
    golden = readNpy(sharedPath('fixtures/keras/densenet121_features.npy')).data as Float32Array
    const u8 = readNpy(sharedPath('fixtures/keras/resized_uint8.npy')).data as Uint8Array
    torchInput = new Float32Array(u8.length)
    for (let i = 0; i < u8.length; i++) torchInput[i] = (u8[i] / 255 - MEAN[i % 3]) / STD[i % 3]
  })

  afterAll(() => model?.dispose())

  it('matches Keras features from the resized fixture within 1e-5, leaking no tensors', () => {
    const before = tf.memory().numTensors
    const out = features(model, torchInput, 6)
    expect(tf.memory().numTensors).toBe(before)
    expect(maxAbsDiff(out, golden)).toBeLessThan(TOL)
  })

  it('keeps parity with conv→BN→ReLU folded for extraction (fewer layers, same features)', () => {
    const fused = fuseDenseNet121(model)
    try {
      expect(fused.layers.length).toBe(428 - 2 * 59)
      const before = tf.memory().numTensors
      expect(maxAbsDiff(features(fused, torchInput, 6), golden)).toBeLessThan(TOL)
      expect(tf.memory().numTensors).toBe(before)
    } finally {
      fused.dispose()
    }
  })

  it('matches Keras features from the image files through the import pipeline (loadModelInput)', async () => {
    const inputs = await Promise.all(
      goldenFiles().map((f) => loadModelInput(f, { inputSize: 224, resize: 'nearest', normalize: 'torch' }))
    )
    const x = new Float32Array(6 * 224 * 224 * 3)
    inputs.forEach((a, i) => x.set(a, i * a.length))
    expect(maxAbsDiff(features(model, x, 6), golden)).toBeLessThan(TOL)
  })

  it('loads by weighted-layer order when the names do not match, as Keras does for old files', async () => {
    const file = await readLegacyH5Weights(sharedPath('fixtures/keras/densenet121_notop_random.h5'))
    const renamed = file.layers.map((l, i) => ({ name: `old_layer_${i}`, weights: l.weights }))
    const m = buildDenseNet121()
    try {
      expect(assignKerasWeights(m, renamed, 'renamed.h5').matchedBy).toBe('order')
      expect(
        maxAbsDiff(features(m, torchInput.subarray(0, 224 * 224 * 3), 1), golden.subarray(0, 1024))
      ).toBeLessThan(TOL)
    } finally {
      m.dispose()
    }
  })

  it('reads the DenseNet121 inside the Keras 3 seed model (.keras) and gives the same features', async () => {
    const k3 = await readKeras3Weights(sharedPath('fixtures/keras/seed_model_random.keras'))
    expect(k3.layers.get('dense_1')?.map((w) => w.shape)).toEqual([[256, 2], [2]])
    expect(k3.layers.get('batch_normalization')).toHaveLength(4)
    expect((k3.config as { class_name: string }).class_name).toBe('Functional')
    const m = buildDenseNet121()
    try {
      await loadDenseNet121Weights(m, sharedPath('fixtures/keras/seed_model_random.keras'))
      expect(
        maxAbsDiff(features(m, torchInput.subarray(0, 224 * 224 * 3), 1), golden.subarray(0, 1024))
      ).toBeLessThan(TOL)
    } finally {
      m.dispose()
    }
  })

  it('reads a bare Keras 3 .weights.h5 like the one inside the .keras zip, and names a corrupt zip', async () => {
    const zip = unzipSync(readFileSync(sharedPath('fixtures/keras/seed_model_random.keras')))
    const bare = join(tmp(), 'model.weights.h5')
    writeFileSync(bare, zip['model.weights.h5'])
    const k3 = await readKeras3Weights(bare)
    expect(k3.config).toBeUndefined()
    expect(k3.layers.size).toBe(241 + 3) // DenseNet121's weighted layers + head BN, Dense, Dense
    expect(k3.layers.get('conv1_conv')![0].shape).toEqual([7, 7, 3, 64])
    const broken = join(tmp(), 'broken.keras')
    writeFileSync(broken, Buffer.concat([Buffer.from('PK'), Buffer.alloc(100)]))
    await expect(readKeras3Weights(broken)).rejects.toThrow(/broken\.keras: corrupt or oversized \.keras zip/)
  })

  it('rejects a weights file with a wrong shape, naming it, and leaves the model untouched', async () => {
    const file = await readLegacyH5Weights(sharedPath('fixtures/keras/densenet121_notop_random.h5'))
    const broken = file.layers.map((l) =>
      l.name === 'conv1_conv'
        ? {
            ...l,
            weights: [
              {
                ...l.weights[0],
                shape: [7, 7, 3, 32],
                values: l.weights[0].values.subarray(0, 7 * 7 * 3 * 32)
              }
            ]
          }
        : l
    )
    const before = model.getLayer('conv1_conv').getWeights()[0].dataSync().slice(0, 5)
    expect(() => assignKerasWeights(model, broken, 'broken.h5')).toThrow(
      /broken\.h5: conv1_conv.*\[7,7,3,32\].*\[7,7,3,64\]/
    )
    expect(model.getLayer('conv1_conv').getWeights()[0].dataSync().slice(0, 5)).toEqual(before)
    await expect(
      readLegacyH5Weights(sharedPath('models/mobilenet-v2-0.35-imagenet/model.json'))
    ).rejects.toThrow(KerasFileError)
  })
})
