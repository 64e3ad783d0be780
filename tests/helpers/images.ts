/**
 * Writers for test images that the tools at hand cannot make: BMP in every row order and bit depth the import
 * must read, and 16-bit TIFF (sharp writes 8-bit TIFF only). Byte layouts follow the BMP and TIFF 6.0 specs.
 */

export interface BmpOptions {
  width: number
  height: number
  /** RGB triplets, top row first (HWC), length width*height*3. */
  rgb: Uint8Array
  bitsPerPixel: 24 | 32
  /** Store rows top row first (negative height in the header). Bottom-up is the usual BMP order. */
  topDown?: boolean
  /** For 32-bit: BI_BITFIELDS with a V5 header (as GIMP/fast-bmp write) instead of BI_RGB with a 40-byte header. */
  bitfields?: boolean
  /** Alpha value for 32-bit pixels. */
  alpha?: number
}

export function encodeBmp(o: BmpOptions): Uint8Array {
  const bpp = o.bitsPerPixel
  const dibSize = bpp === 32 && o.bitfields ? 124 : 40
  const offset = 14 + dibSize
  const stride = Math.ceil((o.width * bpp) / 32) * 4
  const out = new Uint8Array(offset + stride * o.height)
  const v = new DataView(out.buffer)
  out[0] = 0x42
  out[1] = 0x4d
  v.setUint32(2, out.length, true)
  v.setUint32(10, offset, true)
  v.setUint32(14, dibSize, true)
  v.setInt32(18, o.width, true)
  v.setInt32(22, o.topDown ? -o.height : o.height, true)
  v.setUint16(26, 1, true)
  v.setUint16(28, bpp, true)
  v.setUint32(30, dibSize === 124 ? 3 : 0, true)
  v.setUint32(34, stride * o.height, true)
  if (dibSize === 124) {
    v.setUint32(54, 0x00ff0000, true)
    v.setUint32(58, 0x0000ff00, true)
    v.setUint32(62, 0x000000ff, true)
    v.setUint32(66, 0xff000000, true)
  }
  for (let y = 0; y < o.height; y++) {
    const fileRow = o.topDown ? y : o.height - 1 - y
    for (let x = 0; x < o.width; x++) {
      const s = (y * o.width + x) * 3
      const d = offset + fileRow * stride + x * (bpp / 8)
      out[d] = o.rgb[s + 2]
      out[d + 1] = o.rgb[s + 1]
      out[d + 2] = o.rgb[s]
      if (bpp === 32) out[d + 3] = o.alpha ?? 255
    }
  }
  return out
}

/** An 8-bit palette BMP (40-byte header, 256-entry palette), rows bottom-up; `indices` is height×width. */
export function encodeBmp8(
  width: number,
  height: number,
  indices: Uint8Array,
  palette: [number, number, number][]
): Uint8Array {
  const offset = 14 + 40 + 256 * 4
  const stride = Math.ceil(width / 4) * 4
  const out = new Uint8Array(offset + stride * height)
  const v = new DataView(out.buffer)
  out.set([0x42, 0x4d])
  v.setUint32(2, out.length, true)
  v.setUint32(10, offset, true)
  v.setUint32(14, 40, true)
  v.setInt32(18, width, true)
  v.setInt32(22, height, true)
  v.setUint16(26, 1, true)
  v.setUint16(28, 8, true)
  v.setUint32(46, palette.length, true)
  palette.forEach(([r, g, b], i) => out.set([b, g, r, 0], 54 + i * 4))
  for (let y = 0; y < height; y++)
    out.set(indices.subarray(y * width, (y + 1) * width), offset + (height - 1 - y) * stride)
  return out
}

/** An uncompressed little-endian 16-bit TIFF; `samples` is HWC with 1 (grey) or 3 (RGB) channels. */
export function encodeTiff16(
  width: number,
  height: number,
  channels: 1 | 3,
  samples: Uint16Array
): Uint8Array {
  const entries: [number, number, number, number][] = [] // tag, type, count, value
  const pixelBytes = width * height * channels * 2
  const ifdOffset = 8
  const nEntries = 10
  const ifdSize = 2 + nEntries * 12 + 4
  const bpsOffset = ifdOffset + ifdSize
  const dataOffset = bpsOffset + 8
  entries.push([256, 4, 1, width])
  entries.push([257, 4, 1, height])
  entries.push([258, 3, channels, channels === 1 ? 16 : bpsOffset])
  entries.push([259, 3, 1, 1])
  entries.push([262, 3, 1, channels === 1 ? 1 : 2])
  entries.push([273, 4, 1, dataOffset])
  entries.push([277, 3, 1, channels])
  entries.push([278, 4, 1, height])
  entries.push([279, 4, 1, pixelBytes])
  entries.push([284, 3, 1, 1])
  const out = new Uint8Array(dataOffset + pixelBytes)
  const v = new DataView(out.buffer)
  out.set([0x49, 0x49, 0x2a, 0x00])
  v.setUint32(4, ifdOffset, true)
  v.setUint16(ifdOffset, nEntries, true)
  entries.forEach(([tag, type, count, value], i) => {
    const p = ifdOffset + 2 + i * 12
    v.setUint16(p, tag, true)
    v.setUint16(p + 2, type, true)
    v.setUint32(p + 4, count, true)
    if (type === 3 && count === 1) v.setUint16(p + 8, value, true)
    else v.setUint32(p + 8, value, true)
  })
  v.setUint32(ifdOffset + 2 + nEntries * 12, 0, true)
  for (let c = 0; c < 3; c++) v.setUint16(bpsOffset + c * 2, 16, true)
  for (let i = 0; i < samples.length; i++) v.setUint16(dataOffset + i * 2, samples[i], true)
  return out
}
