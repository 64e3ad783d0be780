import type { RgbPixels } from '../images/resize'
import { boundsOf } from './grouping'
import { dilate } from './distance'

/**
 * The box rules: a cell's box is its nucleus plus a rim of cytoplasm, in the field's pixels; its mask is the
 * nucleus dilated by the same rim; its score weighs the nucleus' area and stain.
 */

export interface FoundCell {
  /** Box in the field's own pixels: top-left corner, size. */
  x: number
  y: number
  width: number
  height: number
  /** Cell area (nucleus + rim mask) in the field's pixels. */
  areaPx: number
  /** 0–1: how clearly this is a white cell (nucleus area and stain strength). */
  score: number
  /** Cell mask over the box, at `maskScale` of the field's resolution (1 = full). Row-major, 1 = cell. */
  mask: { data: Uint8Array; width: number; height: number }
}

/** A cell before it is returned: with the measures the finder's rules read. */
export interface Candidate extends FoundCell {
  /** Mask area in working pixels. */
  maskArea: number
  /** Nucleus pixels (working resolution). */
  nucleusPx: number
  /** Strongest (blue − green) / blue of the nucleus (working resolution, so not one noisy pixel of the file). */
  peakStain: number
}

export function strip(c: Candidate): FoundCell {
  const { maskArea: _a, nucleusPx: _n, peakStain: _p, ...cell } = c
  return cell
}

/** The working image and the field it was reduced from (`sx`, `sy`: field pixels per working pixel). */
export interface WorkImage {
  work: RgbPixels
  signal: Int16Array
  w: number
  h: number
  sx: number
  sy: number
  img: RgbPixels
}

/** The candidate cell around a list of nucleus pixels (working resolution). */
export function cellFromNucleus(
  part: number[],
  at: WorkImage,
  rim: number,
  minArea: number,
  threshold: number
): Candidate {
  const { signal, work, w, h, sx, sy, img } = at
  const r = Math.ceil(rim)
  const { x0, y0, x1, y1 } = boundsOf(part, w)
  let strength = 0
  let peakStain = 0
  for (const p of part) {
    strength += signal[p]
    const blue = work.data[p * 3 + 2]
    if (blue > 0 && signal[p] / blue > peakStain) peakStain = signal[p] / blue
  }
  const bx0 = Math.max(0, x0 - r)
  const by0 = Math.max(0, y0 - r)
  const bx1 = Math.min(w - 1, x1 + r)
  const by1 = Math.min(h - 1, y1 + r)
  const mw = bx1 - bx0 + 1
  const mh = by1 - by0 + 1
  const local = new Uint8Array(mw * mh)
  for (const p of part) {
    const x = p % w
    const y = (p - x) / w
    local[(y - by0) * mw + (x - bx0)] = 1
  }
  const mask = dilate(local, mw, mh, rim)
  let maskArea = 0
  for (let i = 0; i < mask.length; i++) maskArea += mask[i]
  const meanSignal = strength / part.length
  // Two saturating factors: nucleus area against the smallest accepted, stain against the threshold.
  const areaFactor = 1 - Math.exp(-part.length / minArea)
  const stainFactor = Math.min(1, Math.max(0, (meanSignal - threshold) / threshold))
  const x = Math.round(bx0 * sx)
  const y = Math.round(by0 * sy)
  return {
    x,
    y,
    width: Math.min(img.width, Math.round((bx1 + 1) * sx)) - x,
    height: Math.min(img.height, Math.round((by1 + 1) * sy)) - y,
    areaPx: Math.round(maskArea * sx * sy),
    score: Math.round(areaFactor * (0.5 + 0.5 * stainFactor) * 1000) / 1000,
    mask: { data: mask, width: mw, height: mh },
    maskArea,
    nucleusPx: part.length,
    peakStain
  }
}
