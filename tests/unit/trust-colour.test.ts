import { describe, expect, it } from 'vitest'
import { Prng } from '../../src/main/core/engine/training/prng'
import {
  colourReason,
  colourStatsOf,
  evenSample,
  fitColourProfile,
  MIN_COLOUR_IMAGES
} from '../../src/main/core/trust/colour'
import { imageReasons, readImageHeader } from '../../src/main/core/trust/image-checks'
import { decodeImageFile } from '../../src/main/core/images/decode'
import type { RgbPixels } from '../../src/main/core/images/resize'
import { sharedPath } from '../helpers/shared'
import { trustOnSet } from '../../src/main/core/trust/on-set'
import { fitOodDetector } from '../../src/main/core/trust/profile'
import type { ModelTrust } from '../../src/shared/types/trust'
import { formatTrust } from '../../src/main/core/trust/format'

/** A w×h image of pixels around `rgb`, each channel ±`noise` (seeded). */
function noisy(seed: number, rgb: [number, number, number], noise = 20, w = 48, h = 40): RgbPixels {
  const r = new Prng(seed)
  const data = new Uint8Array(w * h * 3)
  for (let i = 0; i < w * h; i++)
    for (let c = 0; c < 3; c++)
      data[i * 3 + c] = Math.max(0, Math.min(255, Math.round(rgb[c] + (r.next() * 2 - 1) * noise)))
  return { data, width: w, height: h }
}

/** Images of a pink-stained set: the mean colour itself varies a little from image to image. */
function stainSet(seed: number, n: number): Float64Array[] {
  const r = new Prng(seed)
  return Array.from({ length: n }, (_, i) =>
    colourStatsOf(noisy(seed * 1000 + i, [200 + r.next() * 20, 150 + r.next() * 20, 190 + r.next() * 20]))
  )
}

describe('colour check', () => {
  it('computes each channel mean and spread', () => {
    const data = new Uint8Array([0, 10, 200, 100, 30, 200])
    const s = colourStatsOf({ data, width: 2, height: 1 })
    expect(Array.from(s)).toEqual([50, 20, 200, 50, 10, 0])
  })

  it('passes images of the training stain and names the channel of a shifted one', () => {
    const profile = fitColourProfile(stainSet(1, 300), stainSet(2, 200))!
    expect(profile).toBeDefined()
    const familiar = stainSet(3, 100).filter((s) => colourReason(profile, s) !== undefined)
    expect(familiar.length).toBeLessThanOrEqual(3)
    // The same cells under a bluer stain: blue up, red down.
    const blue = colourStatsOf(noisy(99, [150, 150, 250]))
    expect(colourReason(profile, blue)).toMatch(/^colours unlike the training images \(mean (red|blue) /)
    // An all-black image: every mean far down.
    const onBlack = colourStatsOf({ data: new Uint8Array(48 * 40 * 3), width: 48, height: 40 })
    expect(colourReason(profile, onBlack)).toBeDefined()
  })

  it('gives no reference from too few images', () => {
    expect(fitColourProfile(stainSet(1, MIN_COLOUR_IMAGES - 1), stainSet(2, 50))).toBeUndefined()
    expect(fitColourProfile(stainSet(1, 50), stainSet(2, MIN_COLOUR_IMAGES - 1))).toBeUndefined()
  })

  it('samples evenly and repeatably', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i)
    const s = evenSample(items, 400)
    expect(s).toHaveLength(334)
    expect(s.slice(0, 3)).toEqual([0, 3, 6])
    expect(evenSample(items.slice(0, 10), 400)).toHaveLength(10)
  })

  it('reads the colours of a scanned file as training does, and adds the reason beside size and format', async () => {
    const path = sharedPath('data/aria-all/Benign/WBC-Benign-001.jpg')
    const h = (await readImageHeader(path, true))!
    expect(h.format).toBe('jpeg')
    expect(Array.from(h.colour!)).toEqual(Array.from(colourStatsOf(await decodeImageFile(path))))
    expect((await readImageHeader(path))!.colour).toBeUndefined()
    const colour = fitColourProfile(stainSet(1, 300), stainSet(2, 200))!
    const ref = { formats: ['jpeg'], width: { min: 224, max: 224 }, height: { min: 224, max: 224 }, colour }
    const blue = { format: 'jpeg', width: 224, height: 224, colour: colourStatsOf(noisy(7, [120, 130, 250])) }
    expect(imageReasons(blue, ref)).toEqual([expect.stringMatching(/^colours unlike the training images/)])
    const pink = { ...blue, colour: stainSet(4, 1)[0] }
    expect(imageReasons(pink, ref)).toEqual([])
    expect(imageReasons(pink, { ...ref, colour: undefined })).toEqual([])
  })
})

describe('evaluate counts the image checks as a scan does', () => {
  it('marks a row unfamiliar and flags it when only its file is unlike training', () => {
    // Twelve training rows; the four scored are among them. All answered right with high confidence.
    const features = Float32Array.from({ length: 24 }, (_, i) => 1 + (i % 5) / 5)
    const detector = fitOodDetector('knn', features, new Int32Array(12), 2, 2)
    const trust = {
      temperature: 1,
      flag: { threshold: 0.6 },
      ood: { threshold: 10 }
    } as unknown as ModelTrust
    const probs = Float32Array.from([0.9, 0.1, 0.95, 0.05, 0.1, 0.9, 0.2, 0.8])
    const base = {
      trust,
      detector,
      probs,
      labels: Int32Array.from([0, 0, 1, 1]),
      features: features.subarray(0, 8),
      featureDim: 2,
      classes: ['ALL', 'HEM'],
      threshold: null
    }
    const plain = trustOnSet(base).result
    expect(plain).toMatchObject({ unfamiliar: 0, unfamiliarByImage: null, flagged: 0 })
    const checked = trustOnSet({ ...base, imageUnfamiliar: [false, true, false, false] }).result
    expect(checked).toMatchObject({ unfamiliar: 0.25, unfamiliarByImage: 0.25, flagged: 0.25 })
  })
})

describe('what train and models show print about the image checks', () => {
  it('names the colour reference, or says there is none', () => {
    const colour = fitColourProfile(stainSet(1, 300), stainSet(2, 200))!
    const trust = {
      temperature: 1,
      calibration: { ece: 0.01, before: 0.02, bins: [] },
      testCalibration: null,
      flag: { threshold: 0.9, target: 0.9, errorsFlagged: 1, workload: 0.1, rule: 'expected' },
      testFlag: null,
      ood: {
        method: 'knn',
        threshold: 0.6,
        quantile: 0.99,
        dim: 8,
        valUnfamiliar: 0.01,
        testUnfamiliar: null
      },
      images: { formats: ['jpeg'], width: { min: 224, max: 224 }, height: { min: 224, max: 224 }, colour }
    } as ModelTrust
    const [r, g, b] = colour.mean.map((v) => Math.round(v))
    expect(formatTrust(trust)).toContain(`jpeg 224–224×224–224 px; colours near mean R,G,B ${r},${g},${b}`)
    expect(formatTrust({ ...trust, images: { ...trust.images, colour: undefined } })).toContain(
      'no colour reference'
    )
  })
})
