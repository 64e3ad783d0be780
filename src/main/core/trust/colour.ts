/**
 * The colour check: six numbers per image (the mean and the spread of red, green and blue) and how far they lie
 * from the training images'. A smear under another stain, a bleached or over-exposed export, or a crop on black
 * where the model saw crops on plasma all move these numbers long before a model's features say anything
 * useful about them. Distances are squared Mahalanobis under a Ledoit–Wolf covariance of the training images'
 * six numbers; the threshold sits at a high quantile of validation images, like the feature detector's.
 */
import type { ColourProfile } from '../../../shared/types/trust'
import type { RgbPixels } from '../images/resize'
import { fitClassGaussians, mahalanobisScore } from './gaussian'
import { quantile } from './operating-point'

export type { ColourProfile }

/** Validation images above this quantile of validation scores fail the colour check (~0.5% of familiar ones). */
export const COLOUR_QUANTILE = 0.995
/** Fewer images than this give no colour reference (a 6×6 covariance needs a few dozen). */
export const MIN_COLOUR_IMAGES = 20
/** Images per split read for the reference: enough for the 99.5th percentile, a few seconds at most. */
export const COLOUR_SAMPLE = 400
const GRID = 64
const NAMES = ['red', 'green', 'blue']

/** Mean and standard deviation of each channel over a grid of at most 64×64 pixels (the whole image's spread). */
export function colourStatsOf(img: RgbPixels): Float64Array {
  const { width: w, height: h, data } = img
  const sx = Math.max(1, Math.floor(w / GRID))
  const sy = Math.max(1, Math.floor(h / GRID))
  const sum = [0, 0, 0]
  const sq = [0, 0, 0]
  let n = 0
  for (let y = Math.floor(sy / 2); y < h; y += sy)
    for (let x = Math.floor(sx / 2); x < w; x += sx) {
      const i = (y * w + x) * 3
      for (let c = 0; c < 3; c++) {
        sum[c] += data[i + c]
        sq[c] += data[i + c] * data[i + c]
      }
      n++
    }
  const out = new Float64Array(6)
  for (let c = 0; c < 3; c++) {
    out[c] = sum[c] / n
    out[3 + c] = Math.sqrt(Math.max(0, sq[c] / n - out[c] * out[c]))
  }
  return out
}

/** Every ⌈n/limit⌉-th item: spread over the whole (name-ordered) set, so over its blocks too, and repeatable. */
export function evenSample<T>(items: readonly T[], limit = COLOUR_SAMPLE): T[] {
  const step = Math.max(1, Math.ceil(items.length / limit))
  return items.filter((_, i) => i % step === 0)
}

/** Colour statistics of files; files that cannot be read (moved since import) are left out. */
export async function colourStatsOfFiles(
  paths: readonly string[],
  decode: (path: string) => Promise<RgbPixels>
): Promise<Float64Array[]> {
  const out: Float64Array[] = []
  for (const p of paths) {
    try {
      out.push(colourStatsOf(await decode(p)))
    } catch {
      // Unreadable now: says nothing about the training colours; the others decide.
    }
  }
  return out
}

const flat = (rows: readonly Float64Array[]): Float64Array => {
  const out = new Float64Array(rows.length * 6)
  rows.forEach((r, i) => out.set(r, i * 6))
  return out
}

/** The reference: training images' mean and shrunk covariance, threshold from validation images. */
export function fitColourProfile(
  train: readonly Float64Array[],
  val: readonly Float64Array[]
): ColourProfile | undefined {
  if (train.length < MIN_COLOUR_IMAGES || val.length < MIN_COLOUR_IMAGES) return undefined
  const g = fitClassGaussians(flat(train), new Int32Array(train.length), 6, 1)
  const profile: ColourProfile = {
    mean: Array.from(g.means[0]),
    precision: Array.from(g.precision),
    threshold: 0
  }
  profile.threshold = quantile(
    val.map((s) => colourScore(profile, s)),
    COLOUR_QUANTILE
  )
  return profile
}

export function colourScore(p: ColourProfile, stats: ArrayLike<number>): number {
  const g = { dim: 6, means: [Float64Array.from(p.mean)], precision: Float64Array.from(p.precision) }
  return mahalanobisScore({ ...g, shrinkage: NaN }, stats)
}

/** One reason naming the channel furthest from training, or undefined when the colours look like training's. */
export function colourReason(p: ColourProfile, stats: ArrayLike<number>): string | undefined {
  const score = colourScore(p, stats)
  if (!(score > p.threshold)) return undefined
  // All six numbers are on the 0–255 scale, so the largest plain difference names what moved most.
  let worst = 0
  for (let i = 1; i < 6; i++)
    if (Math.abs(stats[i] - p.mean[i]) > Math.abs(stats[worst] - p.mean[worst])) worst = i
  const what = `${worst < 3 ? 'mean' : 'spread of'} ${NAMES[worst % 3]}`
  return `colours unlike the training images (${what} ${Math.round(stats[worst])}, training ${Math.round(p.mean[worst])}; score ${score.toFixed(0)} > ${p.threshold.toFixed(0)})`
}
