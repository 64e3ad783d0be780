import { describe, expect, it } from 'vitest'
import {
  averageProbabilities,
  transformHwc,
  ttaViews,
  TTA_TRANSFORMS,
  type HwcImage
} from '../../src/main/core/scan/tta'

/** A 2×3 two-channel image whose channel 0 is the pixel's index and channel 1 its negation. */
function tiny(): HwcImage {
  const h = 2
  const w = 3
  const data = new Float32Array(h * w * 2)
  for (let i = 0; i < h * w; i++) {
    data[i * 2] = i
    data[i * 2 + 1] = -i
  }
  return { data, height: h, width: w, channels: 2 }
}

const grid = (img: HwcImage): number[][] =>
  Array.from({ length: img.height }, (_, y) =>
    Array.from({ length: img.width }, (_, x) => img.data[(y * img.width + x) * img.channels])
  )

describe('TTA transforms on HWC arrays', () => {
  // 0 1 2
  // 3 4 5
  it('rotates clockwise, flips and transposes as a picture viewer would', () => {
    const img = tiny()
    expect(grid(transformHwc(img, 'identity'))).toEqual([
      [0, 1, 2],
      [3, 4, 5]
    ])
    expect(grid(transformHwc(img, 'rot90'))).toEqual([
      [3, 0],
      [4, 1],
      [5, 2]
    ])
    expect(grid(transformHwc(img, 'rot180'))).toEqual([
      [5, 4, 3],
      [2, 1, 0]
    ])
    expect(grid(transformHwc(img, 'rot270'))).toEqual([
      [2, 5],
      [1, 4],
      [0, 3]
    ])
    expect(grid(transformHwc(img, 'flipH'))).toEqual([
      [2, 1, 0],
      [5, 4, 3]
    ])
    expect(grid(transformHwc(img, 'flipV'))).toEqual([
      [3, 4, 5],
      [0, 1, 2]
    ])
    expect(grid(transformHwc(img, 'transpose'))).toEqual([
      [0, 3],
      [1, 4],
      [2, 5]
    ])
    expect(grid(transformHwc(img, 'transverse'))).toEqual([
      [5, 2],
      [4, 1],
      [3, 0]
    ])
  })

  it('keeps the channels of a pixel together', () => {
    const r = transformHwc(tiny(), 'rot90')
    for (let i = 0; i < r.height * r.width; i++) expect(r.data[i * 2 + 1]).toBe(-r.data[i * 2])
  })

  it('gives eight distinct views that form a group (four quarter turns are the identity)', () => {
    const img = tiny()
    const views = ttaViews(img)
    expect(views).toHaveLength(8)
    expect(new Set(views.map((v) => JSON.stringify(grid(v)))).size).toBe(8)
    let r = img
    for (let i = 0; i < 4; i++) r = transformHwc(r, 'rot90')
    expect(Array.from(r.data)).toEqual(Array.from(img.data))
    expect(Array.from(transformHwc(transformHwc(img, 'rot90'), 'rot270').data)).toEqual(Array.from(img.data))
    expect(TTA_TRANSFORMS[0]).toBe('identity')
  })

  it('refuses an array that does not match its shape', () => {
    expect(() =>
      transformHwc({ data: new Float32Array(5), height: 2, width: 2, channels: 1 }, 'rot90')
    ).toThrow(/not 2×2×1/)
  })

  it('averages probability vectors', () => {
    expect(
      averageProbabilities([
        [0.9, 0.1],
        [0.7, 0.3]
      ])
    ).toEqual([0.8, 0.2].map((x) => expect.closeTo(x, 12)))
    expect(() => averageProbabilities([])).toThrow()
    expect(() => averageProbabilities([[1], [0.5, 0.5]])).toThrow(/different lengths/)
  })
})
