import { beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import sharp from 'sharp'
import { initBackend } from '../../src/main/core/engine/backend'
import { loadTfjsLayersModel } from '../../src/main/core/engine/backbones/tfjs-files'
import { buildHead } from '../../src/main/core/engine/head/head'
import { tf, type LayersModel, type Tensor4D } from '../../src/main/core/engine/tf'
import { explainImage } from '../../src/main/core/explain/explain'
import { featureMapOf } from '../../src/main/core/explain/feature-map'
import { onnxFeatureMapSource, tfjsFeatureMapSource } from '../../src/main/core/explain/feature-map-source'
import { exportLayersModelToOnnx, FEATURE_MAP_OUTPUT } from '../../src/main/core/onnx/export-layers-model'
import { OnnxFeatureRunner } from '../../src/main/core/onnx/feature-runner'
import { preprocessImage } from '../../src/main/core/images/preprocess'
import { decodeImageFile } from '../../src/main/core/images/decode'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

const PREP = { inputSize: 224, resize: 'antialias', normalize: 'tf' } as const

/**
 * Plumbing of explanations on the real MobileNetV2 backbone and real cells. The head is freshly initialised
 * (seeded), not trained: these tests check that Grad-CAM finds the right feature map, that its probabilities are
 * exactly the normal inference path's, and that the pictures come out at the image's size — not what the map
 * means (the synthetic test in tests/unit/gradcam.test.ts checks that).
 */
describe('explain on a real backbone', () => {
  const tmp = useTmpDirs()
  let backbone: LayersModel
  let head: LayersModel

  beforeAll(async () => {
    await initBackend('wasm')
    backbone = await loadTfjsLayersModel(sharedPath('models/mobilenet-v2-0.35-imagenet/model.json'))
    head = buildHead(1280, 2, 42)
  })

  it('finds the 7×7×1280 map whose global average is the backbone output', async () => {
    const img = await decodeImageFile(sharedPath('data/aria-all/Pro/' + 'WBC-Malignant-Pro-001.jpg'))
    const x = tf.tensor4d(preprocessImage(img, PREP), [1, 224, 224, 3])
    const before = tf.memory().numTensors
    const [viaMap, direct] = tf.tidy(() => {
      const a = featureMapOf(backbone)(x as Tensor4D)
      expect(a.shape).toEqual([1, 7, 7, 1280])
      return [tf.mean(a, [1, 2]).dataSync(), (backbone.predict(x) as tf.Tensor).dataSync()]
    })
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
    let maxDiff = 0
    for (let i = 0; i < direct.length; i++) maxDiff = Math.max(maxDiff, Math.abs(viaMap[i] - direct[i]))
    expect(maxDiff).toBeLessThan(1e-5)
  })

  it("writes a heatmap and an overlay at the image size, with the inference path's probabilities", async () => {
    const dir = tmp()
    const path = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/all')
    const { readdirSync } = await import('node:fs')
    const file = join(path, readdirSync(path).sort()[0])
    const model = {
      featureMap: tfjsFeatureMapSource(backbone, 224),
      head,
      classes: ['ALL', 'HEM'],
      preprocessing: PREP
    }
    const before = tf.memory().numTensors
    const r = await explainImage(model, file, { heatmap: join(dir, 'h.png'), overlay: join(dir, 'o.png') })
    const r1 = await explainImage(model, file, { heatmap: join(dir, 'h1.png') }, 'HEM')
    expect(tf.memory().numTensors).toBe(before)
    const img = await decodeImageFile(file)
    const expected = tf.tidy(() => {
      const f = backbone.predict(tf.tensor4d(preprocessImage(img, PREP), [1, 224, 224, 3])) as tf.Tensor
      return Array.from((head.predict(f) as tf.Tensor).dataSync())
    })
    expect(r.probabilities[0]).toBeCloseTo(expected[0], 4)
    expect(r.probabilities[1]).toBeCloseTo(expected[1], 4)
    expect(r.className).toBe(r.predicted)
    expect(r1.className).toBe('HEM')
    expect([r.gridHeight, r.gridWidth]).toEqual([7, 7])
    expect(Math.max(...r.cam)).toBeLessThanOrEqual(1)
    for (const f of ['h.png', 'o.png', 'h1.png']) {
      const meta = await sharp(join(dir, f)).metadata()
      expect([meta.format, meta.width, meta.height]).toEqual(['png', img.width, img.height])
    }
    await expect(explainImage(model, file, { heatmap: join(dir, 'x.png') }, 'Blast')).rejects.toThrow(
      /not one of the model's classes/
    )
  })

  it("runs the frozen base on ONNX Runtime (the export's feature_map output) with the TF.js result", async () => {
    const ex = exportLayersModelToOnnx(backbone, { featureMap: true })
    expect(ex.outputNames).toEqual(['output', FEATURE_MAP_OUTPUT])
    expect(ex.outputShapes).toEqual([[1280], [1280, 7, 7]]) // the map stays NCHW: one Transpose, at the input
    expect(ex.opCounts.Transpose).toBe(1)
    const runner = await OnnxFeatureRunner.open(ex.bytes, { inputShape: [224, 224, 3], provider: 'cpu' })
    expect(runner.hasFeatureMap).toBe(true)
    const onnx = onnxFeatureMapSource(runner)
    const tfjs = tfjsFeatureMapSource(backbone, 224)
    const dir = tmp()
    const path = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/hem')
    const { readdirSync } = await import('node:fs')
    const file = join(path, readdirSync(path).sort()[0])
    const before = tf.memory().numTensors
    const viaOnnx = await explainImage(
      { featureMap: onnx, head, classes: ['ALL', 'HEM'], preprocessing: PREP },
      file,
      { heatmap: join(dir, 'a.png') }
    )
    const viaTfjs = await explainImage(
      { featureMap: tfjs, head, classes: ['ALL', 'HEM'], preprocessing: PREP },
      file,
      { heatmap: join(dir, 'b.png') }
    )
    expect(tf.memory().numTensors).toBe(before)
    await onnx.dispose()
    expect(viaOnnx.featureMapBackend).toBe('onnxruntime (cpu)')
    expect(viaTfjs.featureMapBackend).toBe('wasm')
    // Two float32 engines: features agree to ~1e-5 (onnx-parity.test.ts), so the map and its CAM nearly so.
    viaOnnx.probabilities.forEach((p, i) => expect(Math.abs(p - viaTfjs.probabilities[i])).toBeLessThan(1e-4))
    let camDiff = 0
    viaOnnx.cam.forEach((v, i) => (camDiff = Math.max(camDiff, Math.abs(v - viaTfjs.cam[i]))))
    expect(camDiff).toBeLessThan(1e-3)
    expect(viaOnnx.peak).toEqual(viaTfjs.peak)
    expect(viaOnnx.className).toBe(viaTfjs.className)
  })
})
