import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../src/main/core/engine/backend'
import { buildDenseNet121 } from '../../src/main/core/engine/backbones/densenet121'
import { loadDenseNet121Weights } from '../../src/main/core/engine/backbones/densenet121-weights'
import { loadTfjsLayersModel } from '../../src/main/core/engine/backbones/tfjs-files'
import { tf } from '../../src/main/core/engine/tf'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { exportLayersModelToOnnx } from '../../src/main/core/onnx/export-layers-model'
import { OnnxFeatureRunner } from '../../src/main/core/onnx/feature-runner'
import { readNpy } from '../helpers/npy'
import { runOnnxF64 } from '../helpers/onnx-f64'
import { sharedPath } from '../helpers/shared'

const MEAN = [0.485, 0.456, 0.406]
const STD = [0.229, 0.224, 0.225]

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]))
  return d
}

describe('ONNX Runtime parity with Keras and TF.js', () => {
  let before = 0
  beforeAll(async () => {
    await initBackend('wasm')
    before = tf.memory().numTensors
  })
  afterAll(() => expect(tf.memory().numTensors).toBe(before))

  it('DenseNet121 (Keras legacy .h5 weights): ONNX features of the six golden images match Keras within 1e-5', async () => {
    const model = buildDenseNet121()
    await loadDenseNet121Weights(model, sharedPath('fixtures/keras/densenet121_notop_random.h5'))
    const ex = exportLayersModelToOnnx(model)
    model.dispose()
    // The graph ORT gets: one layout change at the input, BN as its own op before ORT fuses it, no casts.
    expect(ex.opCounts.Transpose).toBe(1)
    expect(ex.opCounts.Cast).toBeUndefined()
    expect(ex.opCounts.BatchNormalization).toBe(121)
    expect(ex.opCounts.Conv).toBe(120)

    // The notebook's input: load_img's nearest resize (the fixture), then Keras 'torch' normalisation.
    const pixels = readNpy(sharedPath('fixtures/keras/resized_uint8.npy'))
    expect(pixels.shape).toEqual([6, 224, 224, 3])
    const input = Float32Array.from(pixels.data, (v, i) => (v / 255 - MEAN[i % 3]) / STD[i % 3])
    const want = readNpy(sharedPath('fixtures/keras/densenet121_features.npy'))
    expect(want.shape).toEqual([6, 1024])

    const runner = await OnnxFeatureRunner.open(ex.bytes, {
      inputShape: ex.inputShape,
      provider: 'cpu',
      batchSize: 4
    })
    const got = await runner.run(input, 6) // batches of 4 and 2: the dynamic batch dimension works
    await runner.release()
    expect(got.dim).toBe(1024)
    const diff = maxAbsDiff(got.data, want.data)
    console.log(`DenseNet121 max |ORT − Keras| ${diff.toExponential(2)}`)
    expect(diff).toBeLessThan(1e-5)
  })

  it('the shared MobileNetV2 (TF.js layers model): ONNX features of real cells agree with TF.js and with a float64 evaluation to float32 rounding', async () => {
    const model = await loadTfjsLayersModel(sharedPath('models/mobilenet-v2-0.35-imagenet/model.json'))
    const ex = exportLayersModelToOnnx(model)
    expect(ex.opCounts.Transpose).toBe(1)
    expect(ex.opCounts.Pad).toBeUndefined() // its five ZeroPadding2D layers are folded into the convs
    const root = sharedPath('data/aria-all')
    const files = ['Benign', 'Early', 'Pre', 'Pro'].flatMap((c) =>
      readdirSync(join(root, c))
        .sort()
        .slice(0, 2)
        .map((f) => join(root, c, f))
    )
    const prep = { inputSize: 224, resize: 'antialias', normalize: 'tf' } as const
    const inputs = await Promise.all(files.map((f) => loadModelInput(f, prep)))
    const n = inputs.length
    const flat = new Float32Array(n * inputs[0].length)
    inputs.forEach((x, i) => flat.set(x, i * x.length))
    const want = tf.tidy(() => (model.predict(tf.tensor4d(flat, [n, 224, 224, 3])) as tf.Tensor).dataSync())
    model.dispose()

    const runner = await OnnxFeatureRunner.open(ex.bytes, { inputShape: ex.inputShape, provider: 'cpu' })
    const got = (await runner.run(flat, n)).data
    await runner.release()
    // Both engines compute in float32; their distance is their two rounding errors added. Measured here on
    // these 8 cells: |ORT − TF.js| 2.3e-5 at a feature of 1.43 (features reach 5.8), so the 1e-5 is NOT
    // met between the two. A float64 evaluation of the same graph shows why: ORT is 1.2e-5 from the exact
    // result (1.0e-5 even with every ORT optimisation off), TF.js 0.8e-5, in opposite directions. DenseNet121
    // above meets 1e-5 against Keras. The bounds below are ~2× the measured values: a wrong pad, kernel
    // layout or epsilon moves these features by 1e-3 or more.
    const exact = runOnnxF64(ex.bytes, flat.subarray(0, 2 * 224 * 224 * 3), [2, 224, 224, 3])
    const ortVsExact = maxAbsDiff(got.subarray(0, exact.length), exact)
    const tfjsVsExact = maxAbsDiff(want.subarray(0, exact.length), exact)
    const ortVsTfjs = maxAbsDiff(got, want)
    console.log(
      `MobileNetV2 |ORT − TF.js| ${ortVsTfjs.toExponential(2)}; vs float64: ORT ${ortVsExact.toExponential(2)}, TF.js ${tfjsVsExact.toExponential(2)}`
    )
    expect(ortVsExact).toBeLessThan(3e-5)
    expect(tfjsVsExact).toBeLessThan(3e-5)
    expect(ortVsTfjs).toBeLessThan(5e-5)
  })
})
