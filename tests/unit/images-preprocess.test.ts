import { describe, expect, it } from 'vitest'
import {
  normalizeRgb,
  preprocessImage,
  resizeAntialias,
  resizeNearest,
  resizeRgb
} from '../../src/main/core/images/preprocess'

function ramp(width: number, height: number): Uint8Array {
  const d = new Uint8Array(width * height * 3)
  for (let i = 0; i < width * height; i++) {
    d[i * 3] = i & 255
    d[i * 3 + 1] = (i * 7) & 255
    d[i * 3 + 2] = 255 - (i & 255)
  }
  return d
}

describe('nearest-neighbour resize (PIL NEAREST)', () => {
  it('samples the source pixel under each output pixel centre', () => {
    const src = { data: ramp(450, 450), width: 450, height: 450 }
    const out = resizeNearest(src, 224, 224)
    for (const [x, y] of [
      [0, 0],
      [1, 0],
      [111, 57],
      [223, 223],
      [100, 223]
    ]) {
      const sx = Math.floor(((x + 0.5) * 450) / 224)
      const sy = Math.floor(((y + 0.5) * 450) / 224)
      for (let c = 0; c < 3; c++)
        expect(out.data[(y * 224 + x) * 3 + c]).toBe(src.data[(sy * 450 + sx) * 3 + c])
    }
  })

  it('picks pixel centres, not corners: 4→2 takes source columns 1 and 3', () => {
    const row = new Uint8Array([10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40])
    const out = resizeNearest({ data: row, width: 4, height: 1 }, 2, 1)
    expect(Array.from(out.data)).toEqual([20, 20, 20, 40, 40, 40])
  })

  it('repeats pixels when enlarging', () => {
    const out = resizeNearest({ data: new Uint8Array([1, 2, 3, 4, 5, 6]), width: 2, height: 1 }, 4, 1)
    expect(Array.from(out.data)).toEqual([1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
  })

  it('returns an image that already has the size unchanged, and rejects a bad size', () => {
    const img = { data: ramp(4, 4), width: 4, height: 4 }
    expect(resizeRgb(img, 4, 'nearest').data).toBe(img.data)
    expect(() => resizeRgb(img, 0, 'nearest')).toThrow(/invalid input size/)
  })
})

describe('antialiased resize (separable Lanczos-3)', () => {
  it('keeps a flat colour flat', () => {
    const data = new Uint8Array(40 * 30 * 3)
    for (let i = 0; i < data.length; i += 3) data.set([200, 100, 7], i)
    const out = resizeAntialias({ data, width: 40, height: 30 }, 13, 11)
    for (let i = 0; i < out.data.length; i += 3)
      expect(Array.from(out.data.subarray(i, i + 3))).toEqual([200, 100, 7])
  })

  it('averages a fine checkerboard to grey where nearest keeps it black or white', () => {
    const n = 64
    const data = new Uint8Array(n * n * 3)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) data.fill((x + y) % 2 ? 255 : 0, (y * n + x) * 3, (y * n + x) * 3 + 3)
    const aa = resizeAntialias({ data, width: n, height: n }, 16, 16)
    const nn = resizeNearest({ data, width: n, height: n }, 16, 16)
    const centre = (8 * 16 + 8) * 3
    expect(Math.abs(aa.data[centre] - 127.5)).toBeLessThan(3)
    expect([0, 255]).toContain(nn.data[centre])
  })

  it('is deterministic and can enlarge', () => {
    const img = { data: ramp(9, 7), width: 9, height: 7 }
    expect(resizeAntialias(img, 20, 20).data).toEqual(resizeAntialias(img, 20, 20).data)
    expect(resizeRgb(img, 20, 'antialias').data.length).toBe(20 * 20 * 3)
  })
})

describe('normalisation', () => {
  it('torch mode: x/255, minus ImageNet mean, over std (the values Keras gives for a black pixel)', () => {
    const out = normalizeRgb(new Uint8Array([0, 0, 0, 255, 255, 255]), 'torch')
    expect(out[0]).toBeCloseTo(-2.1179039478302, 6)
    expect(out[1]).toBeCloseTo(-2.0357141494750977, 6)
    expect(out[2]).toBeCloseTo(-1.804444432258606, 6)
    expect(out[3]).toBeCloseTo((1 - 0.485) / 0.229, 5)
    expect(out[5]).toBeCloseTo((1 - 0.406) / 0.225, 5)
  })

  it('tf mode maps 0..255 to -1..1', () => {
    expect(Array.from(normalizeRgb(new Uint8Array([0, 255, 51]), 'tf'))).toEqual([
      -1,
      1,
      Math.fround(51 / 127.5 - 1)
    ])
  })

  it('rejects an unknown mode and a buffer that is not RGB', () => {
    expect(() => normalizeRgb(new Uint8Array(3), 'caffe' as never)).toThrow(/unknown normalisation/)
    expect(() => normalizeRgb(new Uint8Array(4), 'tf')).toThrow(/multiple of 3/)
  })

  it('preprocessImage gives size*size*3 floats', () => {
    const out = preprocessImage(
      { data: ramp(10, 6), width: 10, height: 6 },
      { inputSize: 5, resize: 'antialias', normalize: 'tf' }
    )
    expect(out).toBeInstanceOf(Float32Array)
    expect(out.length).toBe(75)
    expect(Math.max(...out)).toBeLessThanOrEqual(1)
    expect(Math.min(...out)).toBeGreaterThanOrEqual(-1)
  })
})
