/**
 * Per-pixel stain measures of a Romanowsky-stained smear (Wright, Giemsa, May-Grünwald): the white-cell nucleus
 * is a dense purple-blue (blue well above green), red cells are pink (red above green and blue, blue ≈ green),
 * the background is pale and nearly grey.
 */
import type { RgbPixels } from '../images/resize'

/** Blue minus green, per pixel: high on nuclei (and platelets), near zero on red cells and background. */
export function nucleusSignal(img: RgbPixels): Int16Array {
  const { data } = img
  const n = img.width * img.height
  const out = new Int16Array(n)
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = data[j + 2] - data[j + 1]
  return out
}

/**
 * Red minus green, clamped to [0, 255], per pixel: high on red cells (eosin), about zero on the pale background,
 * whose grey is often slightly green or blue. (Plain chroma would be dominated by the white cell's nucleus.)
 */
export function redSignal(img: RgbPixels): Uint8Array {
  const { data } = img
  const n = img.width * img.height
  const out = new Uint8Array(n)
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = Math.max(0, data[j] - data[j + 1])
  return out
}

/** Otsu's threshold of values in [0, 255]: the cut that maximises the between-class variance. */
export function otsu(values: ArrayLike<number>): number {
  const hist = new Float64Array(256)
  for (let i = 0; i < values.length; i++) hist[Math.max(0, Math.min(255, values[i] | 0))]++
  const total = values.length
  let sumAll = 0
  for (let t = 0; t < 256; t++) sumAll += t * hist[t]
  let wB = 0
  let sumB = 0
  let best = 0
  let bestVar = -1
  for (let t = 0; t < 256; t++) {
    wB += hist[t]
    if (wB === 0) continue
    const wF = total - wB
    if (wF === 0) break
    sumB += t * hist[t]
    const mB = sumB / wB
    const mF = (sumAll - sumB) / wF
    const between = wB * wF * (mB - mF) * (mB - mF)
    if (between > bestVar) {
      bestVar = between
      best = t
    }
  }
  return best
}
