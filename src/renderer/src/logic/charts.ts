/** What the charts mark and warn about, computed from stored metrics (pure, unit-tested). */
import type { MetricsView } from '../../../shared/contract'
import type { EpochLog } from '../../../shared/types/training'
import { wilsonInterval } from '../../../shared/stats'

/** The positive class of a two-class ROC: ALL where present, else the first (as the engine's metrics use). */
export function positiveIndex(classes: readonly string[]): number {
  const i = classes.findIndex((c) => c.toLowerCase() === 'all')
  return i >= 0 ? i : 0
}

/** Where the stored decisions sit on the ROC: false and true positive rate of the confusion matrix. */
export function operatingPoint(m: MetricsView): { fpr: number; tpr: number } | null {
  if (m.classes.length !== 2) return null
  const p = positiveIndex(m.classes)
  const n = 1 - p
  const pos = m.confusion[p][0] + m.confusion[p][1]
  const neg = m.confusion[n][0] + m.confusion[n][1]
  if (!pos || !neg) return null
  return { tpr: m.confusion[p][p] / pos, fpr: m.confusion[n][p] / neg }
}

/**
 * A split is too small to trust when the accuracy's 95% interval is wider than ten points: then two versions
 * that differ by a few points cannot be told apart on it. The interval is the stored one (a bootstrap over
 * subjects or blocks of neighbouring files) where there is one, else Wilson over images (`clustered` false).
 */
export function splitTooSmall(m: MetricsView): {
  low: number
  high: number
  tooSmall: boolean
  clustered: boolean
} {
  // Wilson's fallback: the accuracy is a share of m.count images, k = accuracy × count correct answers.
  const fallback = wilsonInterval(m.accuracy * m.count, m.count)
  const [low, high] = m.intervals?.accuracy ?? [fallback.low, fallback.high]
  return { low, high, tooSmall: high - low > 0.1, clustered: Boolean(m.intervals) }
}

/**
 * The epoch whose weights are kept: the stored best epoch, else the last epoch on which the monitored figure
 * improved (what the plateau callback keeps), so the live chart marks the same epoch the result will.
 */
export function bestEpoch(epochs: readonly EpochLog[], stored?: number | null): number | null {
  if (stored) return stored
  let best: number | null = null
  for (const e of epochs) if (e.improved) best = e.epoch
  return best
}
