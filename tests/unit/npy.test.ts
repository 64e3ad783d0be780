import { describe, expect, it } from 'vitest'
import { parseNpy } from '../helpers/npy'

/** Builds .npy bytes the way numpy.save does (version 1.0, header padded to a multiple of 64). */
function npy(descr: string, shape: number[], data: ArrayBufferView, version = 1): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`
  const pre = version === 1 ? 10 : 12
  header += ' '.repeat(64 - ((pre + header.length + 1) % 64)) + '\n'
  const out = new Uint8Array(pre + header.length + data.byteLength)
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), version, 0])
  const v = new DataView(out.buffer)
  if (version === 1) v.setUint16(8, header.length, true)
  else v.setUint32(8, header.length, true)
  out.set(new TextEncoder().encode(header), pre)
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), pre + header.length)
  return out
}

describe('.npy reader (test helper)', () => {
  it('reads float32 of any shape', () => {
    const a = parseNpy(npy('<f4', [2, 3], new Float32Array([1, 2, 3, 4, 5, 6.5])))
    expect(a.shape).toEqual([2, 3])
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6.5])
    expect(a.data).toBeInstanceOf(Float32Array)
  })

  it('reads uint8, scalars and version 2 headers', () => {
    expect(Array.from(parseNpy(npy('|u1', [4], new Uint8Array([0, 7, 255, 3]))).data)).toEqual([0, 7, 255, 3])
    expect(parseNpy(npy('<f8', [], new Float64Array([2.5]))).shape).toEqual([])
    expect(Array.from(parseNpy(npy('<i4', [1, 2], new Int32Array([-1, 5]), 2)).data)).toEqual([-1, 5])
  })

  it('rejects other files, Fortran order, unknown dtypes and truncation', () => {
    expect(() => parseNpy(new TextEncoder().encode('hello world'))).toThrow(/not a .npy/)
    const f = npy('<f4', [2], new Float32Array([1, 2]))
    const fortran = new TextDecoder('latin1')
      .decode(f)
      .replace("'fortran_order': False", "'fortran_order': True ")
    expect(() => parseNpy(Uint8Array.from(fortran, (c) => c.charCodeAt(0)))).toThrow(/Fortran/)
    expect(() => parseNpy(npy('<c8', [1], new Float32Array([1, 2])))).toThrow(/unsupported .npy dtype <c8/)
    expect(() => parseNpy(f.subarray(0, f.length - 2))).toThrow(/truncated/)
  })
})
