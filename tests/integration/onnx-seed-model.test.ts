import { readFileSync } from 'node:fs'
import { sqliteStore } from '../../src/main/core/db/store'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { initBackend } from '../../src/main/core/engine/backend'
import { getBackboneSpec } from '../../src/main/core/engine/backbones/registry'
import { predictProbabilities } from '../../src/main/core/engine/head/head'
import { importKerasModel } from '../../src/main/core/engine/models/keras-import'
import { loadModelVersion } from '../../src/main/core/engine/models/registry'
import { tf } from '../../src/main/core/engine/tf'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { dataDir } from '../../src/main/core/paths'
import { ensureOnnxExport } from '../../src/main/core/onnx/backbone-export'
import { OnnxFeatureRunner } from '../../src/main/core/onnx/feature-runner'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

const golden = JSON.parse(readFileSync(sharedPath('fixtures/keras/golden.json'), 'utf8')) as {
  images: string[]
  seed_model_probabilities: number[][]
}

describe("the notebook's .keras model through the ONNX path", () => {
  const tmp = useTmpDirs()
  beforeAll(async () => {
    await initBackend('wasm')
  })

  it("DenseNet121 features from ONNX Runtime → the imported head give golden.json's probabilities within 1e-3", async () => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    const v = await importKerasModel(store, dirs, sharedPath('fixtures/keras/seed_model_random.keras'))
    const spec = await getBackboneSpec(store, dirs, v.backbone)
    // The backbone registered from the .keras file's Keras 3 weights, exported as any backbone is.
    const state = await ensureOnnxExport(spec)
    expect(state.state).toBe('ready')
    if (state.state !== 'ready') return
    const inputs = await Promise.all(golden.images.map((p) => loadModelInput(sharedPath(p), v.preprocessing)))
    const flat = new Float32Array(inputs.length * inputs[0].length)
    inputs.forEach((x, i) => flat.set(x, i * x.length))
    const runner = await OnnxFeatureRunner.open(state.path, {
      inputShape: state.meta.inputShape,
      provider: 'cpu'
    })
    const features = await runner.run(flat, inputs.length)
    await runner.release()

    const before = tf.memory().numTensors
    const { head } = await loadModelVersion(store, dirs, v.id)
    const probs = predictProbabilities(head, features.data, features.dim)
    head.dispose()
    expect(tf.memory().numTensors).toBe(before)
    const expected = golden.seed_model_probabilities.flat()
    const worst = Math.max(...Array.from(probs, (p, i) => Math.abs(p - expected[i])))
    console.log(`seed .keras via ONNX: max |p − Keras| ${worst.toExponential(2)}`)
    expect(worst).toBeLessThan(1e-3)
    db.close()
  })
})
