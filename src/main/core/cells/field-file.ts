/**
 * Finding cells in an image file. Fields up to `maxDecodePixels` are decoded whole; larger ones are decoded
 * straight to a reduced size (libvips shrinks JPEGs while decoding), so an 8000×6000 field never sits in memory
 * at full size. Boxes come back in the file's own pixels either way.
 */
import sharp from 'sharp'
import { decodeImageBuffer, ImageReadError, probeImageBuffer, readImageFile } from '../images/decode'
import type { RgbPixels } from '../images/resize'
import { findCells, type CellFinderOptions, type CellFinderResult } from './find'

/** Above this many pixels a field is decoded at reduced size (about 36 MB of RGB at the limit). */
export const MAX_DECODE_PIXELS = 12_000_000

export interface FieldCells extends CellFinderResult {
  path: string
  /** Factor from the file's pixels to the decoded image the finder saw (1 = full size). */
  decodeScale: number
  /** The decoded pixels the finder saw (for overlays and crops), when asked for. */
  image?: RgbPixels
}

/** Decodes a field, at reduced size when it is larger than `maxPixels`. */
export async function decodeField(
  path: string,
  maxPixels = MAX_DECODE_PIXELS
): Promise<{ img: RgbPixels; width: number; height: number }> {
  const buf = await readImageFile(path)
  const probe = await probeField(buf, path)
  if (probe.width * probe.height <= maxPixels) {
    const img = await decodeImageBuffer(buf, path)
    return { img, width: img.width, height: img.height }
  }
  const f = Math.sqrt(maxPixels / (probe.width * probe.height))
  const w = Math.max(1, Math.floor(probe.width * f))
  const h = Math.max(1, Math.floor(probe.height * f))
  try {
    const { data, info } = await sharp(buf, { failOn: 'truncated', limitInputPixels: false })
      .resize(w, h, { fit: 'fill' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    return {
      img: {
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        width: info.width,
        height: info.height
      },
      width: probe.width,
      height: probe.height
    }
  } catch (err) {
    throw new ImageReadError(path, `corrupt or unreadable image (${(err as Error).message.split('\n')[0]})`)
  }
}

/** Size from the header alone for the formats libvips reads lazily; BMP through its own header parser. */
async function probeField(buf: Buffer, path: string): Promise<{ width: number; height: number }> {
  if (buf.length >= 2 && buf[0] === 0x42 && buf[1] === 0x4d) return probeImageBuffer(buf, path)
  try {
    const meta = await sharp(buf, { limitInputPixels: false }).metadata()
    if (!meta.width || !meta.height) throw new Error('no size in header')
    return { width: meta.width, height: meta.height }
  } catch {
    // Let the full decoder name the problem in its usual words.
    return probeImageBuffer(buf, path)
  }
}

/** Finds the white cells of the field in `path`; boxes, areas and scale in the file's own pixels. */
export async function findCellsInFile(
  path: string,
  options: CellFinderOptions = {},
  keepImage = false
): Promise<FieldCells> {
  const { img, width, height } = await decodeField(path)
  const k = width / img.width
  const scaled: CellFinderOptions = {
    ...options,
    redCellDiameterPx: options.redCellDiameterPx !== undefined ? options.redCellDiameterPx / k : undefined,
    micronsPerPixel: options.micronsPerPixel !== undefined ? options.micronsPerPixel * k : undefined
  }
  const r = findCells(img, scaled)
  const image = keepImage ? img : undefined
  if (k === 1) return { ...r, path, decodeScale: 1, image }
  const ky = height / img.height
  return {
    ...r,
    path,
    image,
    width,
    height,
    decodeScale: 1 / k,
    redCellDiameterPx: r.redCellDiameterPx * k,
    micronsPerPixel: r.micronsPerPixel / k,
    maskScale: r.maskScale / k,
    cells: r.cells.map((c) => ({
      ...c,
      x: Math.round(c.x * k),
      y: Math.round(c.y * ky),
      width: Math.min(width - Math.round(c.x * k), Math.round(c.width * k)),
      height: Math.min(height - Math.round(c.y * ky), Math.round(c.height * ky)),
      areaPx: Math.round(c.areaPx * k * ky)
    }))
  }
}
