import { describe, expect, it } from 'vitest'
import { packLayerWeights, unpackLayerWeights } from '../../src/main/core/engine/keras/packed-weights'

const layers = [
  {
    name: 'conv1_conv',
    weights: [{ name: 'kernel:0', shape: [1, 1, 2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6]) }]
  },
  { name: 'relu', weights: [] },
  {
    name: 'bn',
    weights: [
      { name: 'gamma:0', shape: [2], values: Float32Array.from([0.5, -0.25]) },
      { name: 'beta:0', shape: [2], values: Float32Array.from([1e-7, 3.4e38]) }
    ]
  }
]

describe('packed Keras weights (one SharedArrayBuffer for every extraction worker)', () => {
  it('keeps layer order, names, shapes and every float32 value, in one shared buffer', () => {
    const packed = packLayerWeights(layers)
    expect(packed.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(packed.buffer.byteLength).toBe(10 * 4)
    // What crosses postMessage: the index is plain data, the buffer is shared rather than copied.
    const copy = structuredClone(packed)
    expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer)
    const back = unpackLayerWeights(copy)
    expect(back.map((l) => l.name)).toEqual(['conv1_conv', 'relu', 'bn'])
    expect(back.map((l) => l.weights.map((w) => [w.name, w.shape]))).toEqual(
      layers.map((l) => l.weights.map((w) => [w.name, w.shape]))
    )
    back.forEach((l, i) =>
      l.weights.forEach((w, j) =>
        expect(Array.from(w.values)).toEqual(Array.from(layers[i].weights[j].values))
      )
    )
  })

  it('unpacks views, not copies: a write through one unpacking shows in another', () => {
    const packed = packLayerWeights(layers)
    const a = unpackLayerWeights(packed)
    const b = unpackLayerWeights(structuredClone(packed))
    a[2].weights[1].values[0] = 42
    expect(b[2].weights[1].values[0]).toBe(42)
  })

  it('refuses an index that points outside the buffer', () => {
    const packed = packLayerWeights(layers)
    packed.layers[2].arrays[1].offset = 9
    expect(() => unpackLayerWeights(packed)).toThrow(/bn\/beta:0 \[2\] at 9 lies outside the 10-value buffer/)
  })
})
