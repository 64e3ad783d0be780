/** Area-averaging downsampling of RGB pixels: each output pixel is the mean of the source pixels it covers. */
import type { RgbPixels } from '../images/resize'

export function downsampleRgb(img: RgbPixels, outW: number, outH: number): RgbPixels {
  const { width: w, height: h, data } = img
  if (outW >= w && outH >= h) return img
  const out = new Uint8Array(outW * outH * 3)
  const x0s = new Int32Array(outW + 1)
  for (let x = 0; x <= outW; x++) x0s[x] = Math.min(w, Math.round((x * w) / outW))
  const acc = new Float64Array(outW * 3)
  for (let oy = 0; oy < outH; oy++) {
    const y0 = Math.round((oy * h) / outH)
    const y1 = Math.max(y0 + 1, Math.min(h, Math.round(((oy + 1) * h) / outH)))
    acc.fill(0)
    for (let y = y0; y < y1; y++) {
      const row = y * w * 3
      for (let ox = 0; ox < outW; ox++) {
        const xa = x0s[ox]
        const xb = Math.max(xa + 1, x0s[ox + 1])
        let r = 0
        let g = 0
        let b = 0
        for (let x = xa, s = row + xa * 3; x < xb; x++, s += 3) {
          r += data[s]
          g += data[s + 1]
          b += data[s + 2]
        }
        acc[ox * 3] += r
        acc[ox * 3 + 1] += g
        acc[ox * 3 + 2] += b
      }
    }
    const rowsN = y1 - y0
    for (let ox = 0; ox < outW; ox++) {
      const n = rowsN * (Math.max(x0s[ox] + 1, x0s[ox + 1]) - x0s[ox])
      const d = (oy * outW + ox) * 3
      out[d] = Math.round(acc[ox * 3] / n)
      out[d + 1] = Math.round(acc[ox * 3 + 1] / n)
      out[d + 2] = Math.round(acc[ox * 3 + 2] / n)
    }
  }
  return { data: out, width: outW, height: outH }
}

/** Size with the longer side at most `maxSide`, aspect kept (never enlarged). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const f = Math.min(1, maxSide / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * f)), height: Math.max(1, Math.round(height * f)) }
}
