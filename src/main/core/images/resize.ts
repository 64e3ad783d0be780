import type { ResizeMethod } from '../../../shared/types/preprocessing'
import type { DecodedImage } from './errors'

/** RGB pixels (HWC, 8-bit) of a given size. */
export interface RgbPixels {
  data: Uint8Array
  width: number
  height: number
}

/**
 * Nearest-neighbour exactly as PIL's `Image.resize(size, NEAREST)` (what Keras' `load_img` calls): each output
 * pixel takes the source pixel under its centre, src = floor((dst + 0.5) * srcSize / dstSize).
 */
export function resizeNearest(img: RgbPixels, outW: number, outH: number): RgbPixels {
  const { width: w, height: h, data } = img
  const xs = new Int32Array(outW)
  for (let x = 0; x < outW; x++) xs[x] = Math.min(w - 1, Math.floor(((x + 0.5) * w) / outW))
  const out = new Uint8Array(outW * outH * 3)
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(h - 1, Math.floor(((y + 0.5) * h) / outH))
    const srcRow = sy * w * 3
    const dstRow = y * outW * 3
    for (let x = 0; x < outW; x++) {
      const s = srcRow + xs[x] * 3
      const d = dstRow + x * 3
      out[d] = data[s]
      out[d + 1] = data[s + 1]
      out[d + 2] = data[s + 2]
    }
  }
  return { data: out, width: outW, height: outH }
}

function sinc(x: number): number {
  if (x === 0) return 1
  const px = Math.PI * x
  return Math.sin(px) / px
}

function lanczos3(x: number): number {
  return x > -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0
}

/** Per output index: first source index and normalised weights (PIL's `precompute_coeffs`, support widened by the scale). */
function coefficients(
  inSize: number,
  outSize: number
): { start: Int32Array; count: Int32Array; weights: Float64Array; stride: number } {
  const scale = inSize / outSize
  const filterScale = Math.max(scale, 1)
  const support = 3 * filterScale
  const stride = Math.ceil(support) * 2 + 1
  const start = new Int32Array(outSize)
  const count = new Int32Array(outSize)
  const weights = new Float64Array(outSize * stride)
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale
    const lo = Math.max(Math.trunc(center - support + 0.5), 0)
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize)
    let sum = 0
    for (let j = lo; j < hi; j++) {
      const w = lanczos3((j - center + 0.5) / filterScale)
      weights[i * stride + (j - lo)] = w
      sum += w
    }
    for (let j = 0; j < hi - lo; j++) weights[i * stride + j] = sum !== 0 ? weights[i * stride + j] / sum : 0
    start[i] = lo
    count[i] = hi - lo
  }
  return { start, count, weights, stride }
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v)
}

/**
 * Antialiased resize: separable Lanczos-3, horizontal pass then vertical, each rounded to 8 bits — the scheme of
 * PIL's `Image.LANCZOS`. Written here rather than delegated to sharp so that it is synchronous and gives the
 * same bytes on every platform and library version: a model trained with it sees identical inputs at scan time.
 * (Close to PIL's output, not promised byte-identical: PIL rounds in fixed point.)
 */
export function resizeAntialias(img: RgbPixels, outW: number, outH: number): RgbPixels {
  const { width: w, height: h, data } = img
  const cx = coefficients(w, outW)
  const mid = new Uint8Array(outW * h * 3)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < outW; x++) {
      let r = 0
      let g = 0
      let b = 0
      const s0 = (y * w + cx.start[x]) * 3
      for (let k = 0; k < cx.count[x]; k++) {
        const wt = cx.weights[x * cx.stride + k]
        r += data[s0 + k * 3] * wt
        g += data[s0 + k * 3 + 1] * wt
        b += data[s0 + k * 3 + 2] * wt
      }
      const d = (y * outW + x) * 3
      mid[d] = clampByte(r)
      mid[d + 1] = clampByte(g)
      mid[d + 2] = clampByte(b)
    }
  }
  const cy = coefficients(h, outH)
  const out = new Uint8Array(outW * outH * 3)
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let r = 0
      let g = 0
      let b = 0
      for (let k = 0; k < cy.count[y]; k++) {
        const wt = cy.weights[y * cy.stride + k]
        const s = ((cy.start[y] + k) * outW + x) * 3
        r += mid[s] * wt
        g += mid[s + 1] * wt
        b += mid[s + 2] * wt
      }
      const d = (y * outW + x) * 3
      out[d] = clampByte(r)
      out[d + 1] = clampByte(g)
      out[d + 2] = clampByte(b)
    }
  }
  return { data: out, width: outW, height: outH }
}

/** Resizes RGB pixels to size×size with the named method; an image already that size is returned as is. */
export function resizeRgb(img: RgbPixels | DecodedImage, size: number, method: ResizeMethod): RgbPixels {
  if (!Number.isInteger(size) || size <= 0) throw new Error(`invalid input size ${size}`)
  if (img.width === size && img.height === size) return { data: img.data, width: size, height: size }
  if (method === 'nearest') return resizeNearest(img, size, size)
  if (method === 'antialias') return resizeAntialias(img, size, size)
  throw new Error(`unknown resize method ${String(method)}`)
}
