/** A field with its cells' boxes drawn on it, as a PNG (for `leukolens cells --overlay` and for looking at misses). */
import sharp from 'sharp'
import type { RgbPixels } from '../images/resize'
import type { Box } from './boxes'

export type Rgb = readonly [number, number, number]

export interface OverlayBox extends Box {
  color: Rgb
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
  }
  return { data, width: w, height: h }
}

/** Writes the field with its boxes as a PNG file. */
export async function writeOverlay(path: string, img: RgbPixels, boxes: OverlayBox[]): Promise<void> {
  const thickness = Math.max(2, Math.round(Math.max(img.width, img.height) / 320))
  const drawn = drawBoxes(img, boxes, thickness)
  await sharp(drawn.data, { raw: { width: drawn.width, height: drawn.height, channels: 3 } })
    .png()
    .toFile(path)
}
