import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../src/main/core/engine/backend'
import { tf, type LayersModel, type SymbolicTensor } from '../../src/main/core/engine/tf'
import { Prng } from '../../src/main/core/engine/training/prng'
import { decodeOnnxModel } from '../../src/main/core/onnx/onnx-builder'
import {
  exportLayersModelToOnnx,
  findUnsupportedLayers,
  UnsupportedLayerError
} from '../../src/main/core/onnx/export-layers-model'
import { loadOrt, openOnnxSession } from '../../src/main/core/onnx/runtime'

/** Every weight from a seeded PRNG (variances kept positive), so BatchNorm is far from the identity. */
function seedWeights(model: LayersModel, seed: number): void {
  const rng = new Prng(seed)
  const values = model.weights.map((w) => {
    const n = w.shape.reduce((a: number, b) => a * (b ?? 1), 1)
    const positive = /variance/.test(w.originalName)
    const data = Float32Array.from({ length: n }, () => (positive ? 0.5 + rng.next() : rng.next() * 2 - 1))
    return tf.tensor(data, w.shape as number[])
  })
  model.setWeights(values)
  tf.dispose(values)
}

function randomInput(n: number, h: number, w: number, c: number, seed: number): Float32Array {
  const rng = new Prng(seed)
  return Float32Array.from({ length: n * h * w * c }, () => rng.next() * 2 - 1)
}

/** Runs the model on TF.js and on its ONNX export (every output); returns the largest absolute difference. */
async function compare(model: LayersModel, n = 2): Promise<{ diff: number; ops: Record<string, number> }> {
  const [, h, w, c] = model.inputs[0].shape as number[]
  const x = randomInput(n, h, w, c, 99)
  const want = tf.tidy(() => {
    const y = model.predict(tf.tensor4d(x, [n, h, w, c]))
    return (Array.isArray(y) ? y : [y]).map((t) => t.dataSync() as Float32Array)
  })
  const ex = exportLayersModelToOnnx(model)
  const { session } = await openOnnxSession(ex.bytes, { provider: 'cpu' })
  const ort = loadOrt()
  const result = await session.run({ [ex.inputName]: new ort.Tensor('float32', x, [n, h, w, c]) })
  await session.release()
  let diff = 0
  want.forEach((expected, k) => {
    const got = result[ex.outputNames[k]].data as Float32Array
    expect(got.length).toBe(expected.length)
    for (let i = 0; i < expected.length; i++) diff = Math.max(diff, Math.abs(expected[i] - got[i]))
  })
  return { diff, ops: ex.opCounts }
}

const L = tf.layers
const apply = (
  layer: { apply(x: SymbolicTensor | SymbolicTensor[]): unknown },
  x: SymbolicTensor | SymbolicTensor[]
): SymbolicTensor => layer.apply(x) as SymbolicTensor

describe('TF.js layers model → ONNX', () => {
  let before = 0
  beforeAll(async () => {
    await initBackend('wasm')
    before = tf.memory().numTensors
  })
  const models: LayersModel[] = []
  afterAll(() => {
    models.forEach((m) => m.dispose())
    expect(tf.memory().numTensors).toBe(before)
  })
  const make = (
    inputs: SymbolicTensor,
    outputs: SymbolicTensor | SymbolicTensor[],
    seed: number
  ): LayersModel => {
    const m = tf.model({ inputs, outputs })
    seedWeights(m, seed)
    models.push(m)
    return m
  }

  it('MobileNet-style block: ZeroPadding + stride-2 conv, depthwise, BN, ReLU6, residual Add, GAP', async () => {
    const input = tf.input({ shape: [17, 16, 3] }) // odd height: asymmetric and symmetric pads both occur
    let x = apply(
      L.zeroPadding2d({
        padding: [
          [0, 1],
          [0, 1]
        ]
      }),
      input
    )
    x = apply(L.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', useBias: false }), x)
    x = apply(L.batchNormalization({ epsilon: 1e-3 }), x)
    x = apply(L.reLU({ maxValue: 6 }), x)
    const y = apply(L.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }), x)
    const z = apply(L.batchNormalization({ epsilon: 1e-3 }), y)
    x = apply(L.add(), [x, z])
    x = apply(L.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }), x)
    const out = apply(L.globalAveragePooling2d({}), x)
    const { diff, ops } = await compare(make(input, out, 1))
    expect(diff).toBeLessThan(1e-5)
    expect(ops.Transpose).toBe(1)
    expect(ops.Cast).toBeUndefined()
    expect(ops.Pad).toBeUndefined() // folded into the conv's pads
    expect(ops.BatchNormalization).toBe(2)
  })

  it('DenseNet-style: BN/ReLU, 1×1 and same 3×3 convs, Concatenate, ZeroPadding + MaxPool, AveragePool', async () => {
    const input = tf.input({ shape: [20, 20, 4] })
    let x = apply(
      L.zeroPadding2d({
        padding: [
          [3, 3],
          [3, 3]
        ]
      }),
      input
    )
    x = apply(L.conv2d({ filters: 6, kernelSize: 7, strides: 2, useBias: false }), x)
    x = apply(
      L.activation({ activation: 'relu' }),
      apply(L.batchNormalization({ axis: 3, epsilon: 1.001e-5 }), x)
    )
    x = apply(
      L.zeroPadding2d({
        padding: [
          [1, 1],
          [1, 1]
        ]
      }),
      x
    )
    x = apply(L.maxPooling2d({ poolSize: 3, strides: 2 }), x)
    const y = apply(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false }), x)
    x = apply(L.concatenate({ axis: 3 }), [x, y])
    x = apply(L.averagePooling2d({ poolSize: 2, strides: 2 }), x)
    const out = apply(L.globalAveragePooling2d({}), x)
    const { diff, ops } = await compare(make(input, out, 2))
    expect(diff).toBeLessThan(1e-5)
    expect(ops.Concat).toBe(1)
  })

  it("ZeroPadding before 'valid' average pooling counts the zeros (count_include_pad)", async () => {
    const input = tf.input({ shape: [6, 6, 2] })
    const x = apply(L.zeroPadding2d({ padding: 1 }), input)
    const out = apply(L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'valid' }), x)
    const { diff } = await compare(make(input, apply(L.flatten(), out), 3))
    expect(diff).toBeLessThan(1e-6)
  })

  it("'same' average and max pooling exclude their own padding", async () => {
    const input = tf.input({ shape: [7, 8, 3] })
    const a = apply(L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }), input)
    const m = apply(L.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }), input)
    const { diff, ops } = await compare(make(input, [apply(L.flatten(), a), apply(L.flatten(), m)], 4))
    expect(diff).toBeLessThan(1e-6)
    expect(ops.Transpose).toBe(3) // the input, and each Flatten restores Keras' HWC order
  })

  it('depth multiplier, dilation, strides per axis, Dense head and a feature-map output', async () => {
    const input = tf.input({ shape: [12, 10, 3] })
    let x = apply(
      L.depthwiseConv2d({ kernelSize: [3, 2], depthMultiplier: 2, strides: [2, 1], padding: 'same' }),
      input
    )
    x = apply(
      L.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'sigmoid' }),
      x
    )
    const v = apply(L.dense({ units: 3, activation: 'softmax' }), apply(L.globalAveragePooling2d({}), x))
    const model = make(input, [v, x], 5)
    const ex = exportLayersModelToOnnx(model)
    expect(ex.outputShapes).toEqual([[3], [6, 10, 4]])
    const { diff } = await compare(model)
    expect(diff).toBeLessThan(1e-5)
  })

  it('walks through a Functional model nested in a Sequential (the TF.js image-model export layout)', async () => {
    const innerIn = tf.input({ shape: [8, 8, 3] })
    const inner = tf.model({
      inputs: innerIn,
      outputs: apply(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu6' }), innerIn)
    })
    const seq = tf.sequential({ layers: [inner, L.globalAveragePooling2d({})] })
    const input = tf.input({ shape: [8, 8, 3] })
    const { diff, ops } = await compare(make(input, apply(seq, input), 6))
    expect(diff).toBeLessThan(1e-6)
    expect(ops.Conv).toBe(1)
  })

  it('writes a valid ModelProto: opset 13, NHWC input with a symbolic batch, weights as OIHW initializers', () => {
    const input = tf.input({ shape: [5, 5, 2] })
    const out = apply(L.conv2d({ filters: 3, kernelSize: 3, useBias: false }), input)
    const ex = exportLayersModelToOnnx(make(input, out, 7))
    const proto = decodeOnnxModel(ex.bytes)
    expect(Number(proto.opsetImport[0].version)).toBe(13)
    const dims = proto.graph!.input![0].type!.tensorType!.shape!.dim!
    expect(dims.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 5, 5, 2])
    expect(proto.graph!.initializer!.map((t) => t.dims!.map(Number))).toEqual([[3, 2, 3, 3]])
    expect(proto.graph!.node![0].opType).toBe('Transpose')
  })

  it('names every layer it cannot write, and the model stays on TF.js', () => {
    const input = tf.input({ shape: [8, 8, 3] })
    let x = apply(L.upSampling2d({ size: [2, 2], name: 'up' }), input)
    x = apply(L.conv2d({ filters: 2, kernelSize: 1 }), x)
    x = apply(L.separableConv2d({ filters: 2, kernelSize: 3, name: 'sep' }), x)
    const model = make(input, x, 8)
    expect(findUnsupportedLayers(model).map((l) => l.name)).toEqual(['up', 'sep'])
    expect(() => exportLayersModelToOnnx(model)).toThrow(UnsupportedLayerError)
    expect(() => exportLayersModelToOnnx(model)).toThrow(/up \(UpSampling2D.*sep \(SeparableConv2D/)
  })

  it('rejects a configuration it cannot express rather than approximating it', () => {
    const input = tf.input({ shape: [8, 8, 3] })
    const x = apply(L.conv2d({ filters: 2, kernelSize: 1, activation: 'hardSigmoid', name: 'hs' }), input)
    expect(() => exportLayersModelToOnnx(make(input, x, 9))).toThrow(
      /hs \(Conv2D: activation 'hardSigmoid'\)/
    )
  })
})
