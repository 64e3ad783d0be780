/**
 * Cheap checks of a scanned file against what the model was trained on: its format and pixel size, read from the
 * file's header (no decode). They add reasons beside the OOD score: a 640×480 smear field given to a model trained
 * on 224×224 single-cell crops is unfamiliar whatever its features say.
 */
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import type { ImageProfile } from '../../../shared/types/trust'
import { parseBmpHeader } from '../images/bmp'
import { sniffFormat } from '../images/decode'

export interface ImageHeader {
  format: string
  width: number
  height: number
}

/** Format and size from the header; undefined when the header cannot be read (the scan reports that file anyway). */
export async function readImageHeader(path: string): Promise<ImageHeader | undefined> {
  try {
    const buf = await readFile(path)
    const format = sniffFormat(buf)
    if (format === 'bmp') {
      const h = parseBmpHeader(buf)
      return { format, width: h.width, height: h.height }
    }
    const m = await sharp(buf).metadata()
    return m.width && m.height ? { format: format ?? m.format, width: m.width, height: m.height } : undefined
  } catch {
    return undefined
  }
}

/** Sizes within this factor of the training range pass (crops vary a little; a whole field does not). */
const SIZE_SLACK = 1.25

/** Reasons this image differs from the training images; empty when it looks like them. */
export function imageReasons(h: ImageHeader | undefined, ref: ImageProfile | undefined): string[] {
  if (!h || !ref || !ref.formats.length) return []
  const out: string[] = []
  if (!ref.formats.includes(h.format)) out.push(`format ${h.format} (trained on ${ref.formats.join(', ')})`)
  const off = (v: number, r: { min: number; max: number }): boolean =>
    v < r.min / SIZE_SLACK || v > r.max * SIZE_SLACK
  if (off(h.width, ref.width) || off(h.height, ref.height)) {
    const range = (r: { min: number; max: number }): string =>
      r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`
    out.push(`size ${h.width}×${h.height} (trained on ${range(ref.width)}×${range(ref.height)})`)
  }
  return out
}
