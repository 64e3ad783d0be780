/**
 * Turning what calibration saw of one activation into the [lo, hi] range its uint8 encoding covers. Three
 * estimators, compared by the quantizer on feature error (none is best everywhere):
 * - `minmax`: the extremes seen — nothing clipped, coarsest steps;
 * - `percentile`: the 0.01 % and 99.99 % quantiles — the rare outliers clip, every other value gets finer steps;
 * - `entropy`: the range, scaled about zero, whose 256-level quantization loses the least information about the
 *   observed distribution (KL divergence, the method TensorRT introduced for int8 calibration).
 */

export type CalibrationMethod = 'minmax' | 'percentile' | 'entropy'
export const CALIBRATION_METHODS: CalibrationMethod[] = ['minmax', 'percentile', 'entropy']

export const HISTOGRAM_BINS = 2048

/** Extremes and a histogram of one tensor over every calibration image. */
export interface ActivationStats {
  min: number
  max: number
  /** HISTOGRAM_BINS counts of the non-zero values over [min, max] (a second pass, once the extremes are known). */
  histogram: Float64Array
}

export function emptyStats(): ActivationStats {
  return { min: Infinity, max: -Infinity, histogram: new Float64Array(HISTOGRAM_BINS) }
}

export function updateExtremes(s: ActivationStats, data: ArrayLike<number>): void {
  let lo = s.min
  let hi = s.max
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  s.min = lo
  s.max = hi
}

/**
 * Exact zeros are left out: every encoding here represents 0 exactly, so they cost nothing whatever the range,
 * and after a ReLU they are half the values — a spike that would otherwise decide the entropy search alone.
 */
export function updateHistogram(s: ActivationStats, data: ArrayLike<number>): void {
  const width = s.max - s.min
  if (!(width > 0)) return
  const k = HISTOGRAM_BINS / width
  const last = HISTOGRAM_BINS - 1
  const h = s.histogram
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) continue
    const b = Math.floor((data[i] - s.min) * k)
    h[b < 0 ? 0 : b > last ? last : b]++
  }
}

/** The range to encode, always including 0 (see quant-params.ts). */
export function estimateRange(s: ActivationStats, method: CalibrationMethod): [number, number] {
  if (!(s.max > s.min) || method === 'minmax') return [Math.min(s.min, 0), Math.max(s.max, 0)]
  if (method === 'percentile') return percentileRange(s, 0.9999)
  return entropyRange(s)
}

const binWidth = (s: ActivationStats): number => (s.max - s.min) / HISTOGRAM_BINS

/** Quantiles (1 − p) and p, from the histogram (to one bin's width). */
export function percentileRange(s: ActivationStats, p: number): [number, number] {
  const total = s.histogram.reduce((a, b) => a + b, 0)
  if (total === 0) return [Math.min(s.min, 0), Math.max(s.max, 0)]
  const w = binWidth(s)
  let acc = 0
  let lo = s.min
  for (let b = 0; b < HISTOGRAM_BINS; b++) {
    acc += s.histogram[b]
    if (acc >= (1 - p) * total) {
      lo = s.min + b * w
      break
    }
  }
  acc = 0
  let hi = s.max
  for (let b = HISTOGRAM_BINS - 1; b >= 0; b--) {
    acc += s.histogram[b]
    if (acc >= (1 - p) * total) {
      hi = s.min + (b + 1) * w
      break
    }
  }
  return [Math.min(lo, 0), Math.max(hi, 0)]
}

const LEVELS = 256

/**
 * The range [t·lo, t·hi] (t in (0, 1], so zero keeps its place) minimising KL(P‖Q): P is the histogram inside
 * the window with the clipped tails added to its edge bins, Q the same window after merging into 256 levels
 * and spreading each level evenly over its non-empty bins.
 */
export function entropyRange(s: ActivationStats): [number, number] {
  const lo = Math.min(s.min, 0)
  const hi = Math.max(s.max, 0)
  const w = binWidth(s)
  // Bin holding zero (the histogram starts at s.min, which may be above 0 only when s.min = 0 here).
  const zeroBin = Math.round((0 - s.min) / w)
  let best: { kl: number; t: number } = { kl: Infinity, t: 1 }
  // Windows from the whole range down to 256 bins (1/8 of it), as TensorRT's search goes down to its levels.
  for (let step = 0; step <= 175; step++) {
    const t = 1 - step / 200
    const a = Math.max(0, Math.round(zeroBin - t * zeroBin))
    const b = Math.min(HISTOGRAM_BINS, Math.round(zeroBin + t * (HISTOGRAM_BINS - zeroBin)))
    if (b - a < LEVELS) break // fewer bins than levels: nothing left to merge
    const kl = windowKl(s.histogram, a, b)
    if (kl < best.kl) best = { kl, t }
  }
  return [lo * best.t, hi * best.t]
}

function windowKl(h: Float64Array, a: number, b: number): number {
  const n = b - a
  const p = new Float64Array(n)
  for (let i = 0; i < n; i++) p[i] = h[a + i]
  for (let i = 0; i < a; i++) p[0] += h[i]
  for (let i = b; i < h.length; i++) p[n - 1] += h[i]
  const q = new Float64Array(n)
  for (let level = 0; level < LEVELS; level++) {
    const start = Math.floor((level * n) / LEVELS)
    const end = Math.floor(((level + 1) * n) / LEVELS)
    let sum = 0
    let nonEmpty = 0
    for (let i = start; i < end; i++) {
      sum += h[a + i]
      if (h[a + i] > 0) nonEmpty++
    }
    for (let i = start; i < end; i++) if (h[a + i] > 0) q[i] = sum / nonEmpty
  }
  // The clipped tails sit in P's edge bins only, not in Q: a window that clips much pays for it.
  let pSum = 0
  let qSum = 0
  for (let i = 0; i < n; i++) {
    pSum += p[i]
    qSum += q[i]
  }
  let kl = 0
  for (let i = 0; i < n; i++) {
    if (p[i] === 0) continue
    const pi = p[i] / pSum
    const qi = q[i] / qSum
    kl += qi > 0 ? pi * Math.log(pi / qi) : pi * 30 // an empty Q where P has mass: heavily penalised
  }
  return kl
}
