/**
 * The clusters a labelled set's intervals resample, and the intervals with their caveats in the shape that
 * `train`, `evaluate`, `models show` and the screens show.
 *
 * A known subject is its own cluster. Otherwise images are cut, per folder in natural name order, into blocks of
 * neighbouring files (they share patient, slide and session): blocks of `INTERVAL_BLOCK` files, or the split's
 * own blocks when it was split in random blocks (a whole block then moved between splits together).
 */
import { blockSubjects } from '../../splits/blocks'
import type { ClassificationMetrics, MetricIntervals, Uncertainty } from '../../../../shared/types/training'
import { clusterBootstrap, DEFAULT_RESAMPLES } from './intervals'
import { wilsonInterval } from '../../cells/sample-counts'

/**
 * A share's interval: the cluster bootstrap's, widened to Wilson's on the effective sample size (images divided
 * by the design effect the bootstrap shows). The percentile bootstrap collapses to a point when every resample
 * agrees — 10 of 10 right gives [1, 1] — where Wilson still says 72–100%; where clusters matter, the design
 * effect widens Wilson too.
 */
export function shareInterval(boot: [number, number], k: number, n: number): [number, number] {
  if (n <= 0) return boot
  const p = k / n
  const binomialSd = Math.sqrt((p * (1 - p)) / n)
  const bootstrapSd = (boot[1] - boot[0]) / (2 * 1.959963984540054)
  const deff = binomialSd > 0 && bootstrapSd > binomialSd ? (bootstrapSd / binomialSd) ** 2 : 1
  const w = wilsonInterval(k / deff, n / deff)
  return [Math.min(boot[0], w.low), Math.max(boot[1], w.high)]
}

/**
 * Neighbouring test files treated as one unit. Shorter runs than the ~80–100 files over which Aria's files share
 * patients (README, "Splits when subjects are unknown"), so a 57-image test part of one class still has a few
 * clusters; the intervals are therefore a lower bound on how much a next set of patients can differ.
 */
export const INTERVAL_BLOCK = 20
/** A class figure resting on fewer images or clusters than these is said to be thin. */
export const MIN_IMAGES = 50
export const MIN_CLUSTERS = 5

export interface ClusterImage {
  sha256: string
  path: string
  subject: string | null
}

/** Cluster id per image sha (subject, or block of neighbouring files), and whether any was by block. */
export function clustersOf(
  images: readonly ClusterImage[],
  blockSize = INTERVAL_BLOCK
): { bySha: Map<string, string>; by: 'subject' | 'block' } {
  const unknown = images.filter((i) => i.subject === null)
  const ids = new Map(unknown.map((i, k) => [k, i.sha256]))
  const blocks = unknown.length
    ? blockSubjects(
        unknown.map((i, k) => ({ imageId: k, path: i.path })),
        blockSize
      )
    : new Map<number, string>()
  const bySha = new Map<string, string>()
  for (const i of images) if (i.subject !== null) bySha.set(i.sha256, `s:${i.subject}`)
  for (const [k, block] of blocks) bySha.set(ids.get(k)!, block)
  return { bySha, by: unknown.length ? 'block' : 'subject' }
}

export interface SetIntervalsInput {
  classes: string[]
  labels: Int32Array
  decided: Int32Array
  /** Two classes: positive class index and its (calibrated) probability per image. */
  positive?: { index: number; scores: ArrayLike<number> }
  flagged?: ArrayLike<boolean>
  clusters: string[]
  clusterBy: 'subject' | 'block'
  blockSize?: number
}

/** Intervals and caveats of one set's figures. */
export function setIntervals(o: SetIntervalsInput): Pick<ClassificationMetrics, 'intervals' | 'uncertainty'> {
  const b = clusterBootstrap({
    labels: o.labels,
    decided: o.decided,
    classCount: o.classes.length,
    clusters: o.clusters,
    positive: o.positive,
    flagged: o.flagged
  })
  const n = o.labels.length
  const perClass = o.classes.map((_, c) => {
    let size = 0
    let right = 0
    for (let r = 0; r < n; r++)
      if (o.labels[r] === c) {
        size++
        if (o.decided[r] === c) right++
      }
    return { size, right }
  })
  const recall = perClass.map((c, i) => shareInterval(b.recall[i], c.right, c.size))
  const right = perClass.reduce((a, c) => a + c.right, 0)
  const present = recall.filter((_, i) => perClass[i].size > 0)
  // Balanced accuracy is the mean of the recalls: at least as wide as the mean of their intervals.
  const balanced: [number, number] = [
    Math.min(b.balancedAccuracy[0], present.reduce((a, r) => a + r[0], 0) / present.length),
    Math.max(b.balancedAccuracy[1], present.reduce((a, r) => a + r[1], 0) / present.length)
  ]
  let flagged: [number, number] | undefined
  let errorsFlagged: [number, number] | undefined
  if (o.flagged && b.flagged && b.errorsFlagged) {
    let f = 0
    let wrong = 0
    let caught = 0
    for (let r = 0; r < n; r++) {
      if (o.flagged[r]) f++
      if (o.decided[r] !== o.labels[r]) {
        wrong++
        if (o.flagged[r]) caught++
      }
    }
    flagged = shareInterval(b.flagged, f, n)
    errorsFlagged = wrong ? shareInterval(b.errorsFlagged, caught, wrong) : b.errorsFlagged
  }
  const intervals: MetricIntervals = {
    accuracy: shareInterval(b.accuracy, right, n),
    balancedAccuracy: balanced,
    ...(b.rocAuc && { rocAuc: b.rocAuc }),
    recall: Object.fromEntries(o.classes.map((c, i) => [c, recall[i]])),
    ...(flagged && { flagged }),
    ...(errorsFlagged && { errorsFlagged })
  }
  const unit = o.clusterBy === 'subject' ? 'subjects' : 'blocks of neighbouring files'
  const caveats: string[] = []
  o.classes.forEach((c, i) => {
    const images = Array.from(o.labels).filter((l) => l === i).length
    const clusters = b.clustersPerClass[i]
    const thin = [
      images < MIN_IMAGES && `${images} images (fewer than ${MIN_IMAGES})`,
      clusters < MIN_CLUSTERS && `${clusters} ${unit} (fewer than ${MIN_CLUSTERS})`
    ].filter(Boolean)
    if (thin.length) caveats.push(`${c} figures rest on ${thin.join(' and ')}: read them as rough`)
  })
  const uncertainty: Uncertainty = {
    method:
      o.clusterBy === 'subject'
        ? `cluster bootstrap over subjects (${DEFAULT_RESAMPLES} resamples)`
        : `cluster bootstrap over ${unit} (up to ${o.blockSize ?? INTERVAL_BLOCK} per block, ${DEFAULT_RESAMPLES} resamples)`,
    clusterBy: o.clusterBy,
    clusters: Object.fromEntries(o.classes.map((c, i) => [c, b.clustersPerClass[i]])),
    caveats
  }
  return { intervals, uncertainty }
}
