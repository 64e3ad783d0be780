import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../src/main/core/engine/backend'
import { tf, type Tensor2D, type Tensor4D } from '../../src/main/core/engine/tf'
import { argmax2d, gradCam, headLogits } from '../../src/main/core/explain/gradcam'
import { featureMapOf } from '../../src/main/core/explain/feature-map'
import { colorize, jet, overlay, upsampleBilinear } from '../../src/main/core/explain/heatmap'
import { Prng } from '../../src/main/core/engine/training/prng'

/**
 * Synthetic Grad-CAM: a 7×7×C feature map of weak seeded noise with one strong "feature" planted in channel K at
 * a known cell. A linear scorer that rewards channel K for class 0 must put the class-0 map's peak on that cell;
 * class 1 (which penalises channel K) must not.
 */
const H = 7
const W = 7
const C = 16
const K = 5

function plantedMap(py: number, px: number, seed: number): Tensor4D {
  const prng = new Prng(seed)
  const rand = () => prng.next()
  const v = new Float32Array(H * W * C)
  for (let i = 0; i < v.length; i++) v[i] = 0.1 * rand()
  v[(py * W + px) * C + K] = 5
  return tf.tensor4d(v, [1, H, W, C])
}

/** Dense scores [1, C] → [1, 2]: class 0 likes channel K, class 1 dislikes it; others get small random weights. */
function linearScorer(seed: number): { score: (p: Tensor2D) => Tensor2D; dispose: () => void } {
  const prng = new Prng(seed)
  const rand = () => prng.next()
  const w = new Float32Array(C * 2)
  for (let i = 0; i < w.length; i++) w[i] = 0.05 * (rand() - 0.5)
  w[K * 2] = 2
  w[K * 2 + 1] = -2
  const kernel = tf.tensor2d(w, [C, 2])
  return { score: (p) => tf.matMul(p, kernel), dispose: () => kernel.dispose() }
}

describe('Grad-CAM on tensors (wasm backend)', () => {
  beforeAll(async () => {
    await initBackend('wasm')
  })

  it('peaks where the planted feature is, for several locations, and leaks no tensor', () => {
    const scorer = linearScorer(7)
    const before = tf.memory().numTensors
    for (const [py, px] of [
      [2, 5],
      [0, 0],
      [6, 3],
      [4, 1]
    ]) {
      const fm = plantedMap(py, px, 100 + py * 7 + px)
      const r = gradCam(fm, scorer.score, 0)
      fm.dispose()
      expect(r.height).toBe(H)
      expect(r.width).toBe(W)
      const peak = argmax2d(r.cam, r.width)
      expect([peak.y, peak.x]).toEqual([py, px])
      expect(peak.value).toBeCloseTo(1, 6)
      expect(Math.min(...r.cam)).toBeGreaterThanOrEqual(0)
      expect(r.probabilities[0]).toBeGreaterThan(r.probabilities[1])
    }
    expect(tf.memory().numTensors).toBe(before)
    scorer.dispose()
  })

  it('does not light up the planted cell for the class that counts against it', () => {
    const scorer = linearScorer(8)
    const fm = plantedMap(3, 3, 9)
    const r = gradCam(fm, scorer.score, 1)
    fm.dispose()
    scorer.dispose()
    expect(r.cam[3 * W + 3]).toBe(0)
  })

  it('differentiates a real head (BatchNorm → Dense ReLU → Dropout → Dense softmax) through its logits', () => {
    const before = tf.memory().numTensors
    const head = tf.sequential({
      layers: [
        tf.layers.batchNormalization({ inputShape: [C] }),
        tf.layers.dense({
          units: 8,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 })
        }),
        tf.layers.dropout({ rate: 0.4 }),
        tf.layers.dense({
          units: 2,
          activation: 'softmax',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 2 })
        })
      ]
    })
    const fm = plantedMap(1, 4, 11)
    const pooled = tf.mean(fm, [1, 2]) as Tensor2D
    const expected = tf.tidy(() => (head.predict(pooled) as tf.Tensor).dataSync())
    const r = gradCam(fm, headLogits(head), 0)
    expect(r.probabilities[0]).toBeCloseTo(expected[0], 5)
    expect(r.probabilities[1]).toBeCloseTo(expected[1], 5)
    // Whichever class the random head ties to channel K, one of the two maps must single out the planted cell.
    const r1 = gradCam(fm, headLogits(head), 1)
    const peaks = [argmax2d(r.cam, W), argmax2d(r1.cam, W)].map((p) => `${p.y},${p.x}`)
    expect(peaks).toContain('1,4')
    pooled.dispose()
    fm.dispose()
    head.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  it('refuses a batch and a class index out of range', () => {
    const scorer = linearScorer(3)
    const two = tf.zeros([2, H, W, C]) as Tensor4D
    expect(() => gradCam(two, scorer.score, 0)).toThrow(/one feature map/)
    const one = tf.zeros([1, H, W, C]) as Tensor4D
    expect(() => gradCam(one, scorer.score, 2)).toThrow(/class index 2/)
    tf.dispose([two, one])
    scorer.dispose()
  })
})

describe('heatmap pictures', () => {
  it('upsamples so the peak cell stays over the same image region', () => {
    const cam = new Float32Array(H * W)
    cam[2 * W + 5] = 1
    const up = upsampleBilinear(cam, H, W, 224, 224)
    const p = argmax2d(up, 224)
    // Cell (2, 5) of a 7×7 grid covers rows 64..95 and columns 160..191 of a 224 image.
    expect(p.y).toBeGreaterThanOrEqual(64)
    expect(p.y).toBeLessThan(96)
    expect(p.x).toBeGreaterThanOrEqual(160)
    expect(p.x).toBeLessThan(192)
    expect(p.value).toBeGreaterThan(0.95)
  })

  it('maps 0 to blue and 1 to red, and leaves cold pixels of the overlay unchanged', () => {
    expect(jet(0)[2]).toBeGreaterThan(100)
    expect(jet(0)[0]).toBe(0)
    expect(jet(1)[0]).toBeGreaterThan(100)
    expect(jet(1)[2]).toBe(0)
    expect(colorize([0.5])).toHaveLength(3)
    const rgb = new Uint8Array([10, 20, 30, 10, 20, 30])
    const o = overlay(rgb, [0, 1])
    expect([...o.subarray(0, 3)]).toEqual([10, 20, 30])
    expect(o[3]).toBeGreaterThan(10)
  })

  it('colours every pixel as jet() does, and blends the overlay by 0.6·√v, out-of-range values clamped', () => {
    const values = Array.from({ length: 2001 }, (_, i) => i / 1000 - 0.5) // −0.5 … 1.5
    const col = colorize(values)
    const rgb = new Uint8Array(values.length * 3).map((_, i) => (i * 37) % 256)
    const ov = overlay(rgb, values)
    values.forEach((v, i) => {
      const c = jet(v)
      expect([...col.subarray(i * 3, i * 3 + 3)]).toEqual(c)
      const a = 0.6 * Math.sqrt(Math.min(1, Math.max(0, v)))
      expect([...ov.subarray(i * 3, i * 3 + 3)]).toEqual(
        c.map((x, k) => Math.round(rgb[i * 3 + k] * (1 - a) + x * a))
      )
    })
    // jet itself, at its knots: blue, cyan, yellow, red ends
    expect([jet(0), jet(0.375), jet(0.625), jet(1)]).toEqual([
      [0, 0, 128],
      [0, 255, 255],
      [255, 255, 0],
      [128, 0, 0]
    ])
  })
})

describe('finding the last feature map of a backbone', () => {
  beforeAll(async () => {
    await initBackend('wasm')
  })

  it('cuts a functional model (as DenseNet121 is built) at the tensor its global average pooling reduces', () => {
    const input = tf.input({ shape: [8, 8, 3] })
    const conv = tf.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 })
    })
    const a = conv.apply(input) as tf.SymbolicTensor
    const relu = tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(a) as tf.SymbolicTensor
    const gap = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(relu) as tf.SymbolicTensor
    const model = tf.model({ inputs: input, outputs: gap })
    const x = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 5) as Tensor4D
    const [mapShape, diff] = tf.tidy(() => {
      const m = featureMapOf(model)(x)
      return [
        m.shape,
        tf.max(tf.abs(tf.sub(tf.mean(m, [1, 2]), model.predict(x) as tf.Tensor))).dataSync()[0]
      ]
    })
    expect(mapShape).toEqual([1, 4, 4, 4])
    expect(diff).toBeLessThan(1e-6)
    x.dispose()
    model.dispose()
  })

  it('says plainly when a backbone does not end in global average pooling', () => {
    const m = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [2, 2, 1] }), tf.layers.dense({ units: 2 })]
    })
    expect(() => featureMapOf(m)).toThrow(/not GlobalAveragePooling2D/)
    m.dispose()
  })
})
