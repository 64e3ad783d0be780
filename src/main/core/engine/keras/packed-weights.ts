/**
 * Keras layer weights as one SharedArrayBuffer plus a small index: plain data that crosses `postMessage`
 * without a copy, so every extraction worker reads the same bytes and none opens the HDF5 file (each thread
 * that loads h5wasm pays its ~640 MB heap). Unpacking gives Float32Array views into the buffer, not copies.
 */
import type { NamedLayerWeights } from './assign'

export interface PackedArray {
  name: string
  shape: number[]
  /** Start in the buffer, in float32 elements. */
  offset: number
}

export interface PackedLayerWeights {
  /** Layers in the order they were given (file order), with their arrays in Keras order. */
  layers: { name: string; arrays: PackedArray[] }[]
  /** Every array's values, float32, back to back. */
  buffer: SharedArrayBuffer
}

const count = (shape: number[]): number => shape.reduce((a, b) => a * b, 1)

export function packLayerWeights(layers: readonly NamedLayerWeights[]): PackedLayerWeights {
  const total = layers.reduce((n, l) => n + l.weights.reduce((m, w) => m + w.values.length, 0), 0)
  const buffer = new SharedArrayBuffer(total * Float32Array.BYTES_PER_ELEMENT)
  const all = new Float32Array(buffer)
  let offset = 0
  const index = layers.map((l) => ({
    name: l.name,
    arrays: l.weights.map((w) => {
      all.set(w.values, offset)
      const packed = { name: w.name, shape: [...w.shape], offset }
      offset += w.values.length
      return packed
    })
  }))
  return { layers: index, buffer }
}

/** Views into the shared buffer; an index that does not fit it is an error (it came from another thread). */
export function unpackLayerWeights(packed: PackedLayerWeights): NamedLayerWeights[] {
  const floats = packed.buffer.byteLength / Float32Array.BYTES_PER_ELEMENT
  return packed.layers.map((l) => ({
    name: l.name,
    weights: l.arrays.map((a) => {
      const n = count(a.shape)
      if (!(Number.isInteger(a.offset) && a.offset >= 0 && a.offset + n <= floats))
        throw new Error(
          `packed weights: ${l.name}/${a.name} [${a.shape}] at ${a.offset} lies outside the ${floats}-value buffer`
        )
      return {
        name: a.name,
        shape: a.shape,
        values: new Float32Array(packed.buffer, a.offset * Float32Array.BYTES_PER_ELEMENT, n)
      }
    })
  }))
}
