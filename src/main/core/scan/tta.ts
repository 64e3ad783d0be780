/**
 * Test-time augmentation: a cell under a microscope has no up, down, left or right, so the model's answer should
 * not change under flips and quarter turns. The eight symmetries of a square (the dihedral group D4: identity,
 * three rotations, two mirror flips, two diagonal flips) are applied to the preprocessed input and the class
 * probabilities are averaged. Pure functions on HWC float arrays, no tensors.
 */

export interface HwcImage {
  data: Float32Array
  height: number
  width: number
  channels: number
}

export type TtaTransform =
  'identity' | 'rot90' | 'rot180' | 'rot270' | 'flipH' | 'flipV' | 'transpose' | 'transverse'

export const TTA_TRANSFORMS: readonly TtaTransform[] = [
  'identity',
  'rot90',
  'rot180',
  'rot270',
  'flipH',
  'flipV',
  'transpose',
  'transverse'
]

/**
 * For output pixel (y, x) of a transform of an H×W image, the source pixel. Rotations are clockwise
 * (as an image viewer turns a picture); quarter turns and diagonal flips swap height and width.
 */
function sourceOf(t: TtaTransform, y: number, x: number, h: number, w: number): [number, number] {
  switch (t) {
    case 'identity':
      return [y, x]
    case 'rot90': // output is w×h
      return [h - 1 - x, y]
    case 'rot180':
      return [h - 1 - y, w - 1 - x]
    case 'rot270':
      return [x, w - 1 - y]
    case 'flipH':
      return [y, w - 1 - x]
    case 'flipV':
      return [h - 1 - y, x]
    case 'transpose':
      return [x, y]
    case 'transverse':
      return [h - 1 - x, w - 1 - y]
  }
}

const SWAPS = new Set<TtaTransform>(['rot90', 'rot270', 'transpose', 'transverse'])

export function transformHwc(img: HwcImage, t: TtaTransform): HwcImage {
  const { height: h, width: w, channels: c, data } = img
  if (data.length !== h * w * c)
    throw new RangeError(`HWC array of ${data.length} values is not ${h}×${w}×${c}`)
  if (t === 'identity') return { ...img, data: data.slice() }
  const [oh, ow] = SWAPS.has(t) ? [w, h] : [h, w]
  const out = new Float32Array(data.length)
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const [sy, sx] = sourceOf(t, y, x, h, w)
      const src = (sy * w + sx) * c
      const dst = (y * ow + x) * c
      for (let k = 0; k < c; k++) out[dst + k] = data[src + k]
    }
  }
  return { data: out, height: oh, width: ow, channels: c }
}

/** The eight views of one image, in TTA_TRANSFORMS order. */
export function ttaViews(img: HwcImage): HwcImage[] {
  return TTA_TRANSFORMS.map((t) => transformHwc(img, t))
}

/** Mean of several probability vectors of equal length. */
export function averageProbabilities(list: readonly ArrayLike<number>[]): number[] {
  if (!list.length) throw new RangeError('no probabilities to average')
  const n = list[0].length
  const sum = new Array<number>(n).fill(0)
  for (const p of list) {
    if (p.length !== n)
      throw new RangeError(`probability vectors of different lengths (${n} and ${p.length})`)
    for (let i = 0; i < n; i++) sum[i] += p[i]
  }
  return sum.map((s) => s / list.length)
}
