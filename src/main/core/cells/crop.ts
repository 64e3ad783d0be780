/**
 * One cell cut out of its field in the style a model was trained on:
 * - `masked`: a square centred on the cell, everything outside the cell's mask black — what a C-NMC-style model
 *   (one segmented cell on black) has always seen;
 * - `plain`: the same square of the field as it is, neighbours and background included. At the field's edge the
 *   square moves inside the field (the cell off-centre) rather than show black bars no training image had; a
 *   square larger than the field repeats the field's edge pixels.
 */
import type { RgbPixels } from '../images/resize'
import type { CropStyle } from '../../../shared/types/preprocessing'
import type { FoundCell } from './box'

export type { CropStyle } from '../../../shared/types/preprocessing'
export const CROP_STYLES: readonly CropStyle[] = ['masked', 'plain']

/** Room left around the cell in the square, as a fraction of its longer side. */
const MARGIN = 0.1

/**
 * Crops `cell` (box in field pixels) from `img` into a square of the cell's longer side plus a margin, centred
 * on the cell (masked: pixels beyond the field's edge are outside the cell, so black; plain: see above). `scale`
 * maps field pixels to `img`'s (below 1 for a field decoded at reduced size), `maskScale` maps field pixels to
 * the cell mask's.
 */
export function cropCell(
  img: RgbPixels,
  cell: FoundCell,
  style: CropStyle,
  scale: number,
  maskScale: number
): RgbPixels {
  const cx = (cell.x + cell.width / 2) * scale
  const cy = (cell.y + cell.height / 2) * scale
  const side = Math.max(1, Math.round(Math.max(cell.width, cell.height) * scale * (1 + 2 * MARGIN)))
  const inside = (start: number, size: number): number =>
    style === 'plain' && side <= size ? Math.min(Math.max(start, 0), size - side) : start
  const x0 = inside(Math.round(cx - side / 2), img.width)
  const y0 = inside(Math.round(cy - side / 2), img.height)
  // Only a plain square larger than the field still reaches past its edge: the edge pixels repeat.
  const clamp = (v: number, size: number): number => Math.min(Math.max(v, 0), size - 1)
  const out = new Uint8Array(side * side * 3)
  // The mask covers the cell's box at `maskScale` of field pixels.
  const m = cell.mask
  const mx = (x: number): number => Math.floor((x / scale - cell.x) * maskScale)
  const my = (y: number): number => Math.floor((y / scale - cell.y) * maskScale)
  for (let y = 0; y < side; y++) {
    let sy = y0 + y
    if (sy < 0 || sy >= img.height) {
      if (style === 'masked') continue
      sy = clamp(sy, img.height)
    }
    for (let x = 0; x < side; x++) {
      let sx = x0 + x
      if (sx < 0 || sx >= img.width) {
        if (style === 'masked') continue
        sx = clamp(sx, img.width)
      }
      if (style === 'masked') {
        const u = mx(sx)
        const v = my(sy)
        if (u < 0 || v < 0 || u >= m.width || v >= m.height || !m.data[v * m.width + u]) continue
      }
      const s = (sy * img.width + sx) * 3
      const d = (y * side + x) * 3
      out[d] = img.data[s]
      out[d + 1] = img.data[s + 1]
      out[d + 2] = img.data[s + 2]
    }
  }
  return { data: out, width: side, height: side }
}

/**
 * The crop style a training set implies: `masked` when its images are mostly black at the border (segmented
 * cells on black, as C-NMC), else `plain`. `borderDarkFraction` is the share of border pixels darker than 16.
 */
export function cropStyleFromBorder(borderDarkFraction: number): CropStyle {
  return borderDarkFraction >= 0.6 ? 'masked' : 'plain'
}

/** The crop style of a training set: from the border darkness of (up to) its first `sample` images. */
export async function cropStyleOfImages(
  paths: readonly string[],
  decode: (path: string) => Promise<RgbPixels>,
  sample = 32
): Promise<CropStyle | undefined> {
  const fractions: number[] = []
  for (const p of paths.slice(0, sample)) {
    try {
      fractions.push(borderDarkFraction(await decode(p)))
    } catch {
      // An image that moved or broke since import says nothing about the style; the others decide.
    }
  }
  if (!fractions.length) return undefined
  return cropStyleFromBorder(fractions.reduce((a, b) => a + b, 0) / fractions.length)
}

/** Share of an image's border pixels (outermost 2 rows and columns) that are near-black. */
export function borderDarkFraction(img: RgbPixels): number {
  const { width: w, height: h, data } = img
  let dark = 0
  let n = 0
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (y > 1 && y < h - 2 && x > 1 && x < w - 2) continue
      const i = (y * w + x) * 3
      n++
      if (data[i] < 16 && data[i + 1] < 16 && data[i + 2] < 16) dark++
    }
  }
  return n ? dark / n : 0
}
