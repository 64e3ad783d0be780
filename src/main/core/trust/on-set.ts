/**
 * A stored version's trust profile applied to a labelled feature set (`evaluate`): calibrated decisions, ECE and
 * reliability bins, the share marked unfamiliar (by the feature detector, or by the cheap image checks when the
 * caller read the files, as scans do), and the review flag's catch and workload.
 */
import type { Calibration, ModelTrust } from '../../../shared/types/trust'
import type { OperatingThreshold } from '../../../shared/types/training'
import { decide } from '../engine/metrics/evaluate'
import { calibrationOf } from './calibration'
import { calibrateRows, oodScores, type OodDetector } from './profile'

export interface TrustOnSet {
  calibration: Calibration
  /** Share of the images marked unfamiliar: by the feature detector or the image checks. */
  unfamiliar: number
  /** Of those, the share marked by the image checks (format, size, colour) alone; null when not run. */
  unfamiliarByImage: number | null
  /** Share of wrong answers flagged (unfamiliar or below the flag threshold) and share of all images flagged. */
  errorsFlagged: number
  flagged: number
  flagThreshold: number
}

export function trustOnSet(o: {
  trust: ModelTrust
  detector: OodDetector
  probs: Float32Array
  labels: Int32Array
  features: Float32Array
  featureDim: number
  classes: string[]
  threshold: OperatingThreshold | null
  /** Overrides the version's flag threshold (the setting). */
  flagThreshold?: number
  /** Per row: the image checks found the file unlike the training files (image-checks.ts). */
  imageUnfamiliar?: ArrayLike<boolean>
}): { calibrated: Float32Array; result: TrustOnSet; flaggedRows: boolean[] } {
  const k = o.classes.length
  const calibrated = calibrateRows(o.probs, k, o.trust.temperature)
  const decided = decide(calibrated, o.classes, o.threshold)
  const conf = Array.from(decided, (c, r) => calibrated[r * k + c])
  const correct = Array.from(decided, (c, r) => c === o.labels[r])
  const scores = oodScores(o.detector, o.features, o.featureDim)
  const flagThreshold = o.flagThreshold ?? o.trust.flag.threshold
  let unfamiliar = 0
  let byImage = 0
  let flagged = 0
  let wrong = 0
  let caught = 0
  const flaggedRows: boolean[] = []
  conf.forEach((c, i) => {
    const byFeatures = scores[i] > o.trust.ood.threshold
    const byFile = Boolean(o.imageUnfamiliar?.[i])
    if (byFile && !byFeatures) byImage++
    const ood = byFeatures || byFile
    if (ood) unfamiliar++
    const f = ood || c < flagThreshold
    flaggedRows.push(f)
    if (f) flagged++
    if (!correct[i]) {
      wrong++
      if (f) caught++
    }
  })
  const n = conf.length || 1
  return {
    calibrated,
    flaggedRows,
    result: {
      calibration: calibrationOf(conf, correct),
      unfamiliar: unfamiliar / n,
      unfamiliarByImage: o.imageUnfamiliar ? byImage / n : null,
      errorsFlagged: wrong ? caught / wrong : 1,
      flagged: flagged / n,
      flagThreshold
    }
  }
}
