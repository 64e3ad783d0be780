/** A field with its cells' boxes drawn on it, as a PNG (for `leukolens cells --overlay` and for looking at misses). */
import sharp from 'sharp'
import type { RgbPixels } from '../images/resize'
import type { Box } from './boxes'

export type Rgb = readonly [number, number, number]

export interface OverlayBox extends Box {
  color: Rgb
  /** Digits written in the box's top-left corner: the cell's number, as the CSV gives it. */
  label?: string
}

/**
 * Digits 0–9 as 3×5 bitmaps (rows top to bottom, bit 2 the left column): drawn by hand so that the number shows on
 * any machine, with no font installed (sharp renders SVG text only with the fonts fontconfig finds).
 */
const DIGITS: Record<string, readonly number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7]
}

/** The label tag's size in pixels for `text` at `scale` pixels per font dot: one dot of margin all round. */
export function labelSize(text: string, scale: number): { width: number; height: number } {
  return { width: (text.length * 4 + 1) * scale, height: 7 * scale }
}

/** Draws rectangle outlines `thickness` pixels wide, inside each box's bounds, on a copy of the pixels. */
export function drawBoxes(img: RgbPixels, boxes: OverlayBox[], thickness = 2): RgbPixels {
  const { width: w, height: h } = img
  const data = new Uint8Array(img.data)
  const put = (x: number, y: number, c: Rgb): void => {
    if (x < 0 || y < 0 || x >= w || y >= h) return
    const i = (y * w + x) * 3
    data[i] = c[0]
    data[i + 1] = c[1]
    data[i + 2] = c[2]
  }
  const scale = Math.max(2, thickness)
  for (const b of boxes) {
    const x0 = Math.round(b.x)
    const y0 = Math.round(b.y)
    const x1 = Math.round(b.x + b.width) - 1
    const y1 = Math.round(b.y + b.height) - 1
    for (let t = 0; t < thickness; t++) {
      for (let x = x0; x <= x1; x++) {
        put(x, y0 + t, b.color)
        put(x, y1 - t, b.color)
      }
      for (let y = y0; y <= y1; y++) {
        put(x0 + t, y, b.color)
        put(x1 - t, y, b.color)
      }
    }
    // Over the outline's corner, so the number is never cut by it.
    if (b.label) drawLabel(put, x0, y0, b.label, b.color, scale)
  }
  return { data, width: w, height: h }
}

/** A white tag with `text` in `color` at (x, y): digits only (other characters leave a blank). */
function drawLabel(
  put: (x: number, y: number, c: Rgb) => void,
  x: number,
  y: number,
  text: string,
  color: Rgb,
  scale: number
): void {
  const { width, height } = labelSize(text, scale)
  for (let dy = 0; dy < height; dy++) for (let dx = 0; dx < width; dx++) put(x + dx, y + dy, [255, 255, 255])
  for (const [i, ch] of [...text].entries()) {
    const rows = DIGITS[ch]
    if (!rows) continue
    for (let r = 0; r < 5; r++)
      for (let c = 0; c < 3; c++) {
        if (!(rows[r] & (4 >> c))) continue
        const px = x + (1 + i * 4 + c) * scale
        const py = y + (1 + r) * scale
        for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < scale; sx++) put(px + sx, py + sy, color)
      }
  }
}

/** Writes the field with its boxes as a PNG file. */
export async function writeOverlay(path: string, img: RgbPixels, boxes: OverlayBox[]): Promise<void> {
  const thickness = Math.max(2, Math.round(Math.max(img.width, img.height) / 320))
  const drawn = drawBoxes(img, boxes, thickness)
  await sharp(drawn.data, { raw: { width: drawn.width, height: drawn.height, channels: 3 } })
    .png()
    .toFile(path)
}
