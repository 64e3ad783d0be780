import { decode as fastBmpDecode } from 'fast-bmp'

/**
 * BMP reading. `sharp` (libvips) cannot read BMP, so pixels are decoded by `fast-bmp`. That decoder reads the
 * height as unsigned and always flips rows, and looks for colour masks at byte 54 even when the file has none
 * (32-bit BI_RGB), so the header is parsed and checked here first and the buffer is normalised into the form
 * fast-bmp handles: positive height (rows are flipped back afterwards for top-down files) and explicit masks.
 */

export interface BmpHeader {
  width: number
  /** Always positive; `topDown` tells the row order stored in the file. */
  height: number
  topDown: boolean
  bitsPerPixel: number
  compression: number
  pixelOffset: number
  dibHeaderSize: number
  /** Bytes per stored row, padded to 4. */
  rowStride: number
  /** 32-bit BI_BITFIELDS: the byte of each pixel holding red, green and blue (masks of one whole byte each). */
  channelBytes?: [number, number, number]
}

const BI_RGB = 0
const BI_BITFIELDS = 3

/** Reads and checks a BMP header; throws an Error whose message is the reason the file cannot be used. */
export function parseBmpHeader(buf: Uint8Array): BmpHeader {
  if (buf.length < 26 || buf[0] !== 0x42 || buf[1] !== 0x4d) throw new Error('not a BMP file')
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  if (buf.length < 54) throw new Error(`truncated BMP header (${buf.length} bytes)`)
  const pixelOffset = view.getUint32(10, true)
  const dibHeaderSize = view.getUint32(14, true)
  if (dibHeaderSize < 40) throw new Error(`unsupported BMP header (OS/2 core header, ${dibHeaderSize} bytes)`)
  const width = view.getInt32(18, true)
  const rawHeight = view.getInt32(22, true)
  const bitsPerPixel = view.getUint16(28, true)
  const compression = view.getUint32(30, true)
  if (width <= 0 || rawHeight === 0) throw new Error(`invalid BMP size ${width}×${rawHeight}`)
  if (![8, 24, 32].includes(bitsPerPixel)) throw new Error(`unsupported BMP bit depth ${bitsPerPixel}`)
  if (compression !== BI_RGB && !(compression === BI_BITFIELDS && bitsPerPixel === 32)) {
    throw new Error(`unsupported BMP compression ${compression} (RLE/JPEG/PNG-in-BMP)`)
  }
  // Masks are checked here, with the header, so an import refuses what extraction could not decode.
  const channelBytes = compression === BI_BITFIELDS ? bitfieldBytes(view, buf.length) : undefined
  const height = Math.abs(rawHeight)
  const rowStride = Math.ceil((width * bitsPerPixel) / 32) * 4
  const needed = pixelOffset + rowStride * height
  if (pixelOffset < 14 + dibHeaderSize || pixelOffset > buf.length)
    throw new Error('corrupt BMP header (pixel offset)')
  // The last row needs only its pixels, not its padding; some writers drop the final padding.
  if (buf.length < needed - (rowStride - Math.ceil((width * bitsPerPixel) / 8))) {
    throw new Error(`truncated BMP (${buf.length} of ${needed} bytes)`)
  }
  return {
    width,
    height,
    topDown: rawHeight < 0,
    bitsPerPixel,
    compression,
    pixelOffset,
    dibHeaderSize,
    rowStride,
    channelBytes
  }
}

/**
 * The colour masks of a 32-bit BI_BITFIELDS file (right after a 40-byte header, or inside a V4/V5 header at the
 * same offset) as byte positions: writers use RGB order (0x00ff0000, 0x0000ff00, 0x000000ff) or BGR order; any
 * three distinct whole-byte masks are read. Masks of other widths (10-bit, 5-6-5) are refused by name.
 */
function bitfieldBytes(view: DataView, length: number): [number, number, number] {
  if (length < 66) throw new Error('truncated BMP header (colour masks)')
  const masks = [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)]
  const bytes = masks.map((m) => [0x000000ff, 0x0000ff00, 0x00ff0000, 0xff000000].indexOf(m >>> 0))
  if (bytes.some((b) => b < 0) || new Set(bytes).size !== 3)
    throw new Error(
      `unsupported 32-bit BMP colour masks ${masks.map((m) => (m >>> 0).toString(16)).join('/')}`
    )
  return bytes as [number, number, number]
}

/** 32-bit BI_BITFIELDS pixels by their mask bytes, top row first. */
function decodeBitfields(buf: Uint8Array, h: BmpHeader, [r, g, b]: [number, number, number]): Uint8Array {
  const rgb = new Uint8Array(h.width * h.height * 3)
  for (let y = 0; y < h.height; y++) {
    const row = h.pixelOffset + (h.topDown ? y : h.height - 1 - y) * h.rowStride
    for (let x = 0; x < h.width; x++) {
      const s = row + x * 4
      const d = (y * h.width + x) * 3
      rgb[d] = buf[s + r]
      rgb[d + 1] = buf[s + g]
      rgb[d + 2] = buf[s + b]
    }
  }
  return rgb
}

/** 8-bit palette as RGB triplets (the file stores BGRX quads right after the DIB header). */
function readPalette(buf: Uint8Array, h: BmpHeader): Uint8Array {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const used = view.getUint32(46, true) || 256
  const start = 14 + h.dibHeaderSize
  const n = Math.min(256, used, Math.floor((h.pixelOffset - start) / 4))
  const pal = new Uint8Array(256 * 3)
  for (let i = 0; i < n; i++) {
    pal[i * 3] = buf[start + i * 4 + 2]
    pal[i * 3 + 1] = buf[start + i * 4 + 1]
    pal[i * 3 + 2] = buf[start + i * 4]
  }
  return pal
}

/** Copies the file into the shape fast-bmp reads: a 54-byte header, standard RGBA masks, then the rows. */
function normaliseForFastBmp(buf: Uint8Array, h: BmpHeader): Uint8Array {
  const pixelBytes = Math.min(h.rowStride * h.height, buf.length - h.pixelOffset)
  const headerLen = 54 + 12
  const out = new Uint8Array(headerLen + h.rowStride * h.height)
  out.set(buf.subarray(0, 54), 0)
  const view = new DataView(out.buffer)
  view.setUint32(10, headerLen, true)
  view.setInt32(22, h.height, true)
  view.setUint32(30, h.bitsPerPixel === 32 ? BI_BITFIELDS : BI_RGB, true)
  view.setUint32(54, 0x00ff0000, true)
  view.setUint32(58, 0x0000ff00, true)
  view.setUint32(62, 0x000000ff, true)
  out.set(buf.subarray(h.pixelOffset, h.pixelOffset + pixelBytes), headerLen)
  return out
}

/** Decodes a BMP buffer into 8-bit RGB (HWC, top row first). Alpha is dropped, as PIL's convert('RGB') does. */
export function decodeBmp(buf: Uint8Array): { data: Uint8Array; width: number; height: number } {
  const h = parseBmpHeader(buf)
  if (h.channelBytes)
    return { data: decodeBitfields(buf, h, h.channelBytes), width: h.width, height: h.height }
  const decoded = fastBmpDecode(normaliseForFastBmp(buf, h))
  const { width, height } = h
  const channels = decoded.channels
  // fast-bmp types its output loosely; decode() always returns a Uint8Array.
  const src = decoded.data as Uint8Array
  const rgb = new Uint8Array(width * height * 3)
  const palette = h.bitsPerPixel === 8 ? readPalette(buf, h) : undefined
  for (let y = 0; y < height; y++) {
    // fast-bmp returns rows top first for bottom-up files; a top-down file therefore comes out upside down.
    const srcRow = h.topDown ? height - 1 - y : y
    for (let x = 0; x < width; x++) {
      const s = (srcRow * width + x) * channels
      const d = (y * width + x) * 3
      if (palette) {
        const p = src[s] * 3
        rgb[d] = palette[p]
        rgb[d + 1] = palette[p + 1]
        rgb[d + 2] = palette[p + 2]
      } else {
        rgb[d] = src[s]
        rgb[d + 1] = src[s + 1]
        rgb[d + 2] = src[s + 2]
      }
    }
  }
  return { data: rgb, width, height }
}
