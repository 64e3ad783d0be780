/**
 * The field's pixel scale from its red cells. Red cells are the commonest object of a smear and about 7.5 µm
 * across, so the typical radius of the stained, hole-filled foreground's distance-map peaks is a red cell's
 * radius. Peaks are taken as local maxima of the distance map; the median resists white cells (larger) and
 * platelets and fragments (smaller).
 */
import type { RgbPixels } from '../images/resize'
import { fillHoles } from './components'
import { distance } from './distance'
import { otsu, redSignal } from './stain'

/** A red cell's diameter in micrometres (normocyte). */
export const RED_CELL_DIAMETER_UM = 7.5

export interface ScaleEstimate {
  /** Estimated red-cell diameter in pixels of the image measured; undefined when too few red cells were seen. */
  redCellDiameterPx: number | undefined
  /** How many distance-map peaks the estimate rests on. */
  peaks: number
}

/** Red-cell diameter in pixels of `img`, from the foreground's distance-map peaks. */
export function estimateRedCellDiameter(img: RgbPixels): ScaleEstimate {
  const { width, height } = img
  const c = redSignal(img)
  const t = Math.max(otsu(c), 8)
  const fg = new Uint8Array(c.length)
  for (let i = 0; i < c.length; i++) fg[i] = c[i] > t ? 1 : 0
  // Central pallor makes red cells rings; holes up to a red cell's own size are filled.
  const filled = fillHoles(fg, width, height, (width * height) / 16)
  const d = distance(filled, width, height)
  const radii: number[] = []
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const p = y * width + x
      const v = d[p]
      if (v < 2) continue
      let isMax = true
      for (let dy = -1; dy <= 1 && isMax; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx || dy) && d[p + dy * width + dx] > v) {
            isMax = false
            break
          }
        }
      }
      // Plateaus give several equal maxima; keep one per 3×3 block so one cell does not vote many times.
      if (isMax && x % 3 === 0 && y % 3 === 0) radii.push(v)
      else if (isMax && d[p - 1] !== v && d[p - width] !== v) radii.push(v)
    }
  }
  if (radii.length < 3) return { redCellDiameterPx: undefined, peaks: radii.length }
  radii.sort((a, b) => a - b)
  // The upper half of the peaks: ridges of clumps and small fragments sit below a cell's own centre peak.
  const upper = radii.slice(Math.floor(radii.length / 2))
  const median = upper[Math.floor(upper.length / 2)]
  return { redCellDiameterPx: 2 * median, peaks: radii.length }
}
