/**
 * The one evaluation of a labelled set, used by `train` (its test split, stored with the version and shown by
 * `models show` and the screens) and by `evaluate`: the version's temperature and threshold, the unfamiliar-image
 * detector with the scan's file checks (format, size, colour), the review flag, the metrics and their 95%
 * intervals. One path, so the same model on the same split prints the same figures everywhere.
 */
import type { Queries } from '../../db/store'
import type { ClassificationMetrics, OperatingThreshold } from '../../../../shared/types/training'
import type { ModelTrust } from '../../../../shared/types/trust'
import { trustOnSet, type TrustOnSet } from '../../trust/on-set'
import type { OodDetector } from '../../trust/profile'
import { imageChecksOf } from '../../trust/file-checks'
import type { SplitFeatures, LabelledImage } from '../training/dataset-features'
import { decide, metricsOf, positiveClassIndex } from './evaluate'
import { clustersOf, INTERVAL_BLOCK, setIntervals } from './set-intervals'

export interface ScoredSet {
  metrics: ClassificationMetrics
  trust: TrustOnSet | null
  /** Calibrated probabilities (raw where the version has no trust profile). */
  calibrated: Float32Array
}

export interface ScoreSetInput {
  /** Where the set's images are recorded (their files get the scan's cheap checks). */
  q: Queries
  classes: string[]
  threshold: OperatingThreshold | null
  /** The head's raw probabilities for `set`'s rows. */
  probs: Float32Array
  set: SplitFeatures
  /** The set's images (subjects and paths give the clusters of the intervals). */
  images: readonly LabelledImage[]
  /** The dataset's split blocks when it was split in random blocks; else INTERVAL_BLOCK. */
  blockSize?: number | null
  trust: ModelTrust | null
  detector: OodDetector | null
  withRoc?: boolean
}

export async function scoreSet(o: ScoreSetInput): Promise<ScoredSet> {
  const { set, classes } = o
  const imageUnfamiliar = o.trust ? await imageChecksOf(o.q, set.shas, o.trust.images) : undefined
  const applied =
    o.trust && o.detector
      ? trustOnSet({
          trust: o.trust,
          detector: o.detector,
          probs: o.probs,
          labels: set.labels,
          features: set.features,
          featureDim: set.featureDim,
          classes,
          threshold: o.threshold,
          imageUnfamiliar
        })
      : null
  const calibrated = applied?.calibrated ?? o.probs
  const metrics = metricsOf(calibrated, set.labels, classes, o.threshold, { withRoc: o.withRoc })
  const metricsWithIntervals = withIntervals(
    metrics,
    calibrated,
    set,
    o.images,
    o.threshold,
    o.blockSize,
    applied?.flaggedRows
  )
  return { metrics: metricsWithIntervals, trust: applied?.result ?? null, calibrated }
}

/** A set's metrics with their 95% intervals (clusters from the images' subjects, else blocks of neighbours). */
export function withIntervals(
  metrics: ClassificationMetrics,
  calibrated: Float32Array,
  set: Pick<SplitFeatures, 'shas' | 'labels'>,
  images: readonly LabelledImage[],
  threshold: OperatingThreshold | null,
  splitBlockSize?: number | null,
  flagged?: ArrayLike<boolean>
): ClassificationMetrics {
  const classes = metrics.classes
  const bySha = new Map(images.map((i) => [i.sha256, i]))
  const blockSize = splitBlockSize ?? INTERVAL_BLOCK
  const { bySha: clusterOf, by } = clustersOf(
    set.shas.map((s) => bySha.get(s) ?? { sha256: s, path: s, subject: null }),
    blockSize
  )
  const pos = positiveClassIndex(classes)
  return {
    ...metrics,
    ...setIntervals({
      classes,
      labels: set.labels,
      decided: decide(calibrated, classes, threshold),
      positive:
        classes.length === 2
          ? { index: pos, scores: Float32Array.from(set.labels, (_, r) => calibrated[r * 2 + pos]) }
          : undefined,
      flagged,
      clusters: set.shas.map((s) => clusterOf.get(s)!),
      clusterBy: by,
      blockSize
    })
  }
}

/** Sensitivity (recall of the positive class) and specificity (recall of the other) intervals of two-class metrics. */
export function recallIntervals(
  m: ClassificationMetrics,
  positiveClass: string
): { sensitivity: [number, number]; specificity: [number, number] } | undefined {
  const other = m.classes.find((c) => c !== positiveClass)
  const r = m.intervals?.recall
  return r && other && r[positiveClass] && r[other]
    ? { sensitivity: r[positiveClass], specificity: r[other] }
    : undefined
}
