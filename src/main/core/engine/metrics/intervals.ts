/**
 * 95% intervals for test figures when images are not independent.
 *
 * Cells of one patient (or of one run of neighbouring files, which share patient, slide and session) agree with
 * each other far more than cells of different patients, so a binomial interval over images is too narrow. The
 * cluster bootstrap resamples whole clusters (subjects, or blocks of neighbouring files) with replacement and
 * recomputes each figure; the 2.5th and 97.5th percentiles of the resampled figures are the interval. Clusters
 * are resampled within their class, so every resample keeps both classes and the test part's class make-up.
 * Seeded (mulberry32), so the same evaluation prints the same interval.
 */
import { mulberry32 } from '../../splits/random'
import { rocAuc } from './classification'

export type Interval = [number, number]

/** Linear-interpolated quantile of sorted values (numpy's default). */
function quantileSorted(s: Float64Array, q: number): number {
  const pos = q * (s.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(s.length - 1, lo + 1)
  return s[lo] + (s[hi] - s[lo]) * (pos - lo)
}

export interface BootstrapInput {
  /** True class index per image. */
  labels: ArrayLike<number>
  /** Decided class index per image. */
  decided: ArrayLike<number>
  classCount: number
  /** Cluster id per image (subject or block); images of one cluster are resampled together. */
  clusters: ArrayLike<string>
  /** Two classes: the positive class's score per image and its index, for the ROC AUC's interval. */
  positive?: { index: number; scores: ArrayLike<number> }
  /** Per image: the review flag was raised (for the flagged share and the share of errors flagged). */
  flagged?: ArrayLike<boolean>
  resamples?: number
  seed?: number
}

export interface BootstrapIntervals {
  accuracy: Interval
  balancedAccuracy: Interval
  /** Per class index. */
  recall: Interval[]
  rocAuc?: Interval
  flagged?: Interval
  errorsFlagged?: Interval
  /** Clusters per class index. */
  clustersPerClass: number[]
  resamples: number
}

export const DEFAULT_RESAMPLES = 2000
export const DEFAULT_BOOTSTRAP_SEED = 20260

interface Tally {
  n: number[]
  right: number[]
  flagged: number
  wrong: number
  caught: number
}

/** The cluster bootstrap: percentile intervals of each figure over `resamples` resamples of whole clusters. */
export function clusterBootstrap(o: BootstrapInput): BootstrapIntervals {
  const k = o.classCount
  const resamples = o.resamples ?? DEFAULT_RESAMPLES
  const random = mulberry32(o.seed ?? DEFAULT_BOOTSTRAP_SEED)
  // Members of each cluster, and each cluster's class (the majority class of its images).
  const members = new Map<string, number[]>()
  for (let i = 0; i < o.labels.length; i++) {
    const list = members.get(o.clusters[i])
    if (list) list.push(i)
    else members.set(o.clusters[i], [i])
  }
  const byClass: number[][][] = Array.from({ length: k }, () => [])
  for (const [, list] of [...members.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const counts = new Array<number>(k).fill(0)
    for (const i of list) counts[o.labels[i]]++
    byClass[counts.indexOf(Math.max(...counts))].push(list)
  }
  const figures = {
    accuracy: new Float64Array(resamples),
    balanced: new Float64Array(resamples),
    recall: Array.from({ length: k }, () => new Float64Array(resamples)),
    auc: new Float64Array(o.positive ? resamples : 0),
    flagged: new Float64Array(o.flagged ? resamples : 0),
    caught: new Float64Array(o.flagged ? resamples : 0)
  }
  for (let b = 0; b < resamples; b++) {
    const t: Tally = { n: new Array(k).fill(0), right: new Array(k).fill(0), flagged: 0, wrong: 0, caught: 0 }
    const chosen: number[] = []
    for (const clusters of byClass)
      for (let c = 0; c < clusters.length; c++) {
        const list = clusters[Math.floor(random() * clusters.length)]
        for (const i of list) {
          chosen.push(i)
          const l = o.labels[i]
          const ok = o.decided[i] === l
          t.n[l]++
          if (ok) t.right[l]++
          else t.wrong++
          if (o.flagged?.[i]) {
            t.flagged++
            if (!ok) t.caught++
          }
        }
      }
    const total = t.n.reduce((a, v) => a + v, 0)
    figures.accuracy[b] = t.right.reduce((a, v) => a + v, 0) / total
    const present = t.n.map((n, c) => (n ? t.right[c] / n : NaN))
    present.forEach((r, c) => (figures.recall[c][b] = r))
    const seen = present.filter((r) => !Number.isNaN(r))
    figures.balanced[b] = seen.reduce((a, v) => a + v, 0) / seen.length
    if (o.positive) {
      const scores = chosen.map((i) => o.positive!.scores[i])
      figures.auc[b] =
        rocAuc(
          scores,
          chosen.map((i) => o.labels[i] === o.positive!.index)
        ) ?? NaN
    }
    if (o.flagged) {
      figures.flagged[b] = t.flagged / total
      figures.caught[b] = t.wrong ? t.caught / t.wrong : 1
    }
  }
  const interval = (values: Float64Array): Interval => {
    const s = values.filter((v) => !Number.isNaN(v)).sort()
    return s.length ? [quantileSorted(s, 0.025), quantileSorted(s, 0.975)] : [NaN, NaN]
  }
  return {
    accuracy: interval(figures.accuracy),
    balancedAccuracy: interval(figures.balanced),
    recall: figures.recall.map(interval),
    ...(o.positive && { rocAuc: interval(figures.auc) }),
    ...(o.flagged && { flagged: interval(figures.flagged), errorsFlagged: interval(figures.caught) }),
    clustersPerClass: byClass.map((c) => c.length),
    resamples
  }
}
