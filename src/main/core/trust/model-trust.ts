/**
 * Fits a freshly trained version's trust profile on its validation split and measures it on test: temperature,
 * the decision threshold on calibrated probabilities, ECE and reliability bins, the review-flag operating point,
 * and the unfamiliar-image detector (fitted on the training split's own, unflipped features). Pure: arrays in,
 * plain data out; the pipeline stores the result with the version.
 */
import type { ImageProfile, ModelTrust } from '../../../shared/types/trust'
import type { OperatingThreshold } from '../../../shared/types/training'
import { decide, thresholdOnValidation } from '../engine/metrics/evaluate'
import { calibrationOf } from './calibration'
import { trustOnSet } from './on-set'
import {
  DEFAULT_OOD_METHOD,
  detectorRank,
  fitOodDetector,
  fitTrust,
  oodScores,
  type OodDetector,
  type OodMethod
} from './profile'
import { confidenceBand } from './operating-point'

interface Labelled {
  features: Float32Array
  labels: Int32Array
  featureDim: number
}

export interface ModelTrustInput {
  classes: string[]
  /** Training split without flipped copies: what "familiar" means. */
  train: Labelled
  val: Labelled & { probs: Float32Array }
  test: Labelled & { probs: Float32Array }
  targetSensitivity?: number
  targetSpecificity?: number
  /** Share of validation errors the review flag must catch (default DEFAULT_ERROR_CATCH, 0.8). */
  errorCatch?: number
  method?: OodMethod
  images: ImageProfile
}

export interface ModelTrustResult {
  trust: ModelTrust
  detector: OodDetector
  threshold: OperatingThreshold | null
  valCalibrated: Float32Array
  testCalibrated: Float32Array
}

function confidenceOf(probs: Float32Array, decided: Int32Array, k: number): Float64Array {
  return Float64Array.from(decided, (c, r) => probs[r * k + c])
}

export function fitModelTrust(o: ModelTrustInput): ModelTrustResult {
  const k = o.classes.length
  const method = o.method ?? DEFAULT_OOD_METHOD
  const dim = o.train.featureDim
  const detector = fitOodDetector(method, o.train.features, o.train.labels, dim, k)
  const valScores = oodScores(detector, o.val.features, dim)
  let threshold: OperatingThreshold | null = null
  const fitted = fitTrust({
    valProbs: o.val.probs,
    valLabels: o.val.labels,
    k,
    decideRows: (calibrated) => {
      threshold = thresholdOnValidation(calibrated, o.val.labels, o.classes, {
        targetSensitivity: o.targetSensitivity,
        targetSpecificity: o.targetSpecificity
      })
      return decide(calibrated, o.classes, threshold)
    },
    method,
    valScores,
    dim,
    errorCatch: o.errorCatch
  })
  const s = fitted.summary
  const rawDecided = decide(o.val.probs, o.classes, threshold)
  const before = calibrationOf(
    confidenceOf(o.val.probs, rawDecided, k),
    Array.from(rawDecided, (c, r) => c === o.val.labels[r])
  ).ece

  const rank = detectorRank(detector)
  const valUnfamiliar = valScores.filter((v) => v > s.ood.threshold).length / valScores.length
  // Two classes: the same flag as the band of p(positive) it covers around the decision threshold, for display.
  const t = threshold as OperatingThreshold | null
  const flag = t ? { ...s.flag, band: confidenceBand(t.value, s.flag.threshold) } : s.flag
  const trust: ModelTrust = {
    temperature: s.temperature,
    calibration: { ...s.calibration, before },
    testCalibration: null,
    flag,
    testFlag: null,
    ood: { ...s.ood, ...(rank && { rank }), valUnfamiliar, testUnfamiliar: null },
    images: o.images
  }
  // The test split seen exactly as `evaluate` sees a labelled set (on-set.ts).
  const onTest = trustOnSet({
    trust,
    detector,
    probs: o.test.probs,
    labels: o.test.labels,
    features: o.test.features,
    featureDim: dim,
    classes: o.classes,
    threshold
  })
  if (o.test.labels.length) {
    const t = onTest.result
    trust.testCalibration = t.calibration
    trust.testFlag = { errorsFlagged: t.errorsFlagged, workload: t.flagged }
    trust.ood.testUnfamiliar = t.unfamiliar
  }
  return {
    trust,
    detector,
    threshold,
    valCalibrated: fitted.calibrated,
    testCalibrated: onTest.calibrated
  }
}
