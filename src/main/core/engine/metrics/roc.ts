import type { RocCurve } from '../../../../shared/types/training'

/** At most this many points are stored per curve: enough to draw it, small enough for the registry's JSON. */
export const ROC_MAX_POINTS = 200

/**
 * The ROC curve as scikit-learn's `roc_curve(drop_intermediate=True)` computes it: one point per distinct score
 * (descending), ties taken together, plus the origin; points on a straight segment between their neighbours are
 * dropped (they change nothing in the drawn curve). Undefined when one of the classes has no sample.
 * A curve still longer than `maxPoints` keeps `maxPoints` points evenly spaced along it, first and last included.
 */
export function rocCurve(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
  maxPoints = ROC_MAX_POINTS
): RocCurve | undefined {
  const n = scores.length
  if (positive.length !== n) throw new Error(`rocCurve: ${n} scores but ${positive.length} labels`)
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a])
  const tps = [0]
  const fps = [0]
  const thresholds = [n ? scores[order[0]] + 1 : 1]
  let tp = 0
  let fp = 0
  for (let i = 0; i < n; i++) {
    if (positive[order[i]]) tp++
    else fp++
    // one point per distinct score, after all samples tied at it
    if (i === n - 1 || scores[order[i + 1]] !== scores[order[i]]) {
      tps.push(tp)
      fps.push(fp)
      thresholds.push(scores[order[i]])
    }
  }
  if (tp === 0 || fp === 0) return undefined
  const keep = withoutCollinear(fps, tps)
  const picked = thin(keep, maxPoints)
  return {
    fpr: picked.map((i) => fps[i] / fp),
    tpr: picked.map((i) => tps[i] / tp),
    thresholds: picked.map((i) => thresholds[i])
  }
}

/**
 * Indices of the points where the curve turns (scikit-learn's second-difference test, applied as it does to the
 * points after the origin: the origin, the first and the last point always stay).
 */
function withoutCollinear(fps: number[], tps: number[]): number[] {
  const last = fps.length - 1
  const keep = [0]
  for (let i = 1; i <= last; i++) {
    const end = i === 1 || i === last
    if (end || fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0)
      keep.push(i)
  }
  return keep
}

/** `max` entries of `idx` evenly spaced by position, first and last kept; all of them when they fit. */
function thin(idx: number[], max: number): number[] {
  if (max < 2) throw new Error(`rocCurve: maxPoints must be at least 2, got ${max}`)
  if (idx.length <= max) return idx
  return Array.from({ length: max }, (_, k) => idx[Math.round((k * (idx.length - 1)) / (max - 1))])
}
