import { readFileSync } from 'node:fs'

/** A NumPy array read from a `.npy` file: C-order data in the matching typed array, and its shape. */
export interface NpyArray {
  dtype: string
  shape: number[]
  data:
    Float32Array | Float64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
}

const DTYPES: Record<string, { bytes: number; make: (b: ArrayBuffer, n: number) => NpyArray['data'] }> = {
  '<f4': { bytes: 4, make: (b, n) => new Float32Array(b, 0, n) },
  '<f8': { bytes: 8, make: (b, n) => new Float64Array(b, 0, n) },
  '|u1': { bytes: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  '|i1': { bytes: 1, make: (b, n) => new Int8Array(b, 0, n) },
  '<i2': { bytes: 2, make: (b, n) => new Int16Array(b, 0, n) },
  '<u2': { bytes: 2, make: (b, n) => new Uint16Array(b, 0, n) },
  '<i4': { bytes: 4, make: (b, n) => new Int32Array(b, 0, n) },
  '<u4': { bytes: 4, make: (b, n) => new Uint32Array(b, 0, n) }
}

/** Parses `.npy` bytes (format versions 1–3, little-endian numeric dtypes, C order). */
export function parseNpy(bytes: Uint8Array): NpyArray {
  const magic = String.fromCharCode(...bytes.subarray(0, 6))
  if (magic !== '\x93NUMPY') throw new Error('not a .npy file')
  const major = bytes[6]
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  const headerStart = major === 1 ? 10 : 12
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLen)
  )
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1]
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1]
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1]
  if (!descr || !fortran || shapeText === undefined) throw new Error(`cannot parse .npy header: ${header}`)
  if (fortran === 'True') throw new Error('Fortran-order .npy arrays are not supported')
  const kind = descr === '<u1' || descr === '|b1' ? '|u1' : descr === '<i1' ? '|i1' : descr
  const spec = DTYPES[kind]
  if (!spec) throw new Error(`unsupported .npy dtype ${descr}`)
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number)
  const n = shape.reduce((a, b) => a * b, 1)
  const start = headerStart + headerLen
  if (bytes.length < start + n * spec.bytes)
    throw new Error(`truncated .npy: ${bytes.length - start} of ${n * spec.bytes} data bytes`)
  // Copy into a fresh, aligned buffer: the data offset need not be a multiple of the element size.
  const buf = new ArrayBuffer(n * spec.bytes)
  new Uint8Array(buf).set(bytes.subarray(start, start + n * spec.bytes))
  return { dtype: descr, shape, data: spec.make(buf, n) }
}

export function readNpy(path: string): NpyArray {
  return parseNpy(readFileSync(path))
}
