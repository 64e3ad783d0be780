/**
 * Cheap checks of a scanned file against what the model was trained on: its format and pixel size, read from the
 * file's header, and (when the version has a colour reference) its colour statistics. They add reasons beside the
 * OOD score: a 640×480 smear field given to a model trained on 224×224 single-cell crops is unfamiliar whatever
 * its features say, and so is a cell under a stain the model never saw.
 */
import { readRegularFile } from '../files/regular-file'
import sharp from 'sharp'
import type { ImageProfile } from '../../../shared/types/trust'
import { parseBmpHeader } from '../images/bmp'
import { decodeImageBuffer, DEFAULT_MAX_PIXELS, sniffFormat } from '../images/decode'
import { colourReason, colourStatsOf } from './colour'

export interface ImageHeader {
  format: string
  width: number
  height: number
  /** Colour statistics (colour.ts), when asked for and the image decodes. */
  colour?: Float64Array
}

/**
 * Format and size from the header, plus colour statistics when `colour` is set; undefined when the header cannot
 * be read (the scan reports that file anyway). Colours are left out above the pixel limit: such a file is refused
 * by the scan's own decode, and decoding it here would cost what the limit exists to prevent.
 */
export async function readImageHeader(path: string, colour = false): Promise<ImageHeader | undefined> {
  try {
    const buf = await readRegularFile(path)
    const format = sniffFormat(buf)
    let h: ImageHeader | undefined
    if (format === 'bmp') {
      const b = parseBmpHeader(buf)
      h = { format, width: b.width, height: b.height }
    } else {
      const m = await sharp(buf).metadata()
      h = m.width && m.height ? { format: format ?? m.format, width: m.width, height: m.height } : undefined
    }
    if (h && colour && h.width * h.height <= DEFAULT_MAX_PIXELS)
      h.colour = colourStatsOf(await decodeImageBuffer(buf, path))
    return h
  } catch {
    return undefined
  }
}

/** Sizes within this factor of the training range pass (crops vary a little; a whole field does not). */
const SIZE_SLACK = 1.25

export interface ImageCheckOptions {
  /**
   * The image is a cell crop this tool cut from a whole field: its file format and pixel size are the tool's own
   * choice (a lossless PNG, as large as the cell), not a property of the sample, and the model reads it resized
   * like any other cell; only its colours say whether it looks like the training cells.
   */
  crop?: boolean
}

/** Reasons this image differs from the training images; empty when it looks like them. */
export function imageReasons(
  h: ImageHeader | undefined,
  ref: ImageProfile | undefined,
  opts: ImageCheckOptions = {}
): string[] {
  if (!h || !ref || !ref.formats.length) return []
  const out: string[] = []
  const colour = ref.colour && h.colour && colourReason(ref.colour, h.colour)
  if (opts.crop) return colour ? [colour] : []
  if (!ref.formats.includes(h.format)) out.push(`format ${h.format} (trained on ${ref.formats.join(', ')})`)
  const off = (v: number, r: { min: number; max: number }): boolean =>
    v < r.min / SIZE_SLACK || v > r.max * SIZE_SLACK
  if (off(h.width, ref.width) || off(h.height, ref.height)) {
    const range = (r: { min: number; max: number }): string =>
      r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`
    out.push(`size ${h.width}×${h.height} (trained on ${range(ref.width)}×${range(ref.height)})`)
  }
  if (colour) out.push(colour)
  return out
}
