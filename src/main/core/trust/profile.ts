/**
 * What a model version knows about its own trustworthiness, fitted on its validation split after training:
 * the temperature that calibrates its probabilities, the calibration error and reliability bins that remain,
 * the review-flag operating point, and the out-of-distribution (OOD) detector with its threshold. Pure: plain
 * arrays in, plain data out (the detector's arrays are written to the model's folder by ood-files.ts).
 */
import type { Calibration } from './calibration'
import { calibrationOf } from './calibration'
import { fitClassGaussians, mahalanobisScore, type ClassGaussians } from './gaussian'
import { buildKnnReference, compactKnnReference, kthNearestDistance, type KnnReference } from './knn'
import {
  DEFAULT_ERROR_CATCH,
  flagOperatingPoint,
  quantile,
  type FlagOperatingPoint,
  type FlagRule
} from './operating-point'
import { applyTemperature, fitTemperature, logitsOf } from './temperature'

import type { OodMethod } from '../../../shared/types/trust'

export type { OodMethod }

/** Measured on Aria → C-NMC / BCCD (README, `npm run bench:recipes`). */
export const DEFAULT_OOD_METHOD: OodMethod = 'knn'
export const KNN_K = 10
/** Validation images above this quantile of validation scores count as unfamiliar: ~1% of familiar images. */
export const OOD_QUANTILE = 0.99

export type OodDetector =
  { method: 'mahalanobis'; gaussians: ClassGaussians } | { method: 'knn'; reference: KnnReference }

export function fitOodDetector(
  method: OodMethod,
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  dim: number,
  classCount: number
): OodDetector {
  return method === 'mahalanobis'
    ? { method, gaussians: fitClassGaussians(features, labels, dim, classCount) }
    : { method, reference: compactKnnReference(buildKnnReference(features, dim, KNN_K)) }
}

/** The number of principal directions a compact kNN detector keeps; undefined for the other forms. */
export function detectorRank(d: OodDetector): number | undefined {
  return d.method === 'knn' && d.reference.basis ? d.reference.basis.length / d.reference.dim : undefined
}

/** OOD scores of rows `features` [n, dim]: larger = less like the training features. */
export function oodScores(d: OodDetector, features: ArrayLike<number>, dim: number): Float64Array {
  const n = features.length / dim
  const out = new Float64Array(n)
  const row = new Float64Array(dim)
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < dim; i++) row[i] = features[r * dim + i]
    out[r] =
      d.method === 'mahalanobis' ? mahalanobisScore(d.gaussians, row) : kthNearestDistance(d.reference, row)
  }
  return out
}

/** Calibrated probability rows [n, k] at temperature `t`. */
export function calibrateRows(probs: ArrayLike<number>, k: number, t: number): Float32Array {
  const out = new Float32Array(probs.length)
  const row = new Array<number>(k)
  for (let r = 0; r < probs.length / k; r++) {
    for (let c = 0; c < k; c++) row[c] = probs[r * k + c]
    out.set(applyTemperature(row, t), r * k)
  }
  return out
}

export interface TrustSummary {
  temperature: number
  /** Validation split, calibrated probabilities, confidence of the decided class. */
  calibration: Calibration
  flag: FlagOperatingPoint
  ood: { method: OodMethod; threshold: number; quantile: number; dim: number }
}

/**
 * Fits temperature, calibration and the flag point on validation probabilities. `decideRows` turns calibrated
 * probabilities into decided class indices (the version's threshold rule); `valScores` are the validation OOD
 * scores. The flag point counts an image as caught when it is unfamiliar or below the confidence threshold.
 */
export function fitTrust(o: {
  valProbs: Float32Array
  valLabels: Int32Array
  k: number
  decideRows: (calibrated: Float32Array) => Int32Array
  method: OodMethod
  valScores: ArrayLike<number>
  dim: number
  errorCatch?: number
  flagRule?: FlagRule
}): { summary: TrustSummary; calibrated: Float32Array; decided: Int32Array } {
  const temperature = fitTemperature(logitsOf(o.valProbs), o.valLabels, o.k)
  const calibrated = calibrateRows(o.valProbs, o.k, temperature)
  const decided = o.decideRows(calibrated)
  const confidence = Float64Array.from(decided, (c, r) => calibrated[r * o.k + c])
  const correct = Array.from(decided, (c, r) => c === o.valLabels[r])
  const threshold = quantile(o.valScores, OOD_QUANTILE)
  // Unfamiliar images are flagged anyway; the confidence threshold has to catch the errors among the rest.
  const familiar = Array.from(o.valScores, (s) => s <= threshold)
  const famConf = confidence.filter((_, i) => familiar[i])
  const famCorrect = correct.filter((_, i) => familiar[i])
  const point = flagOperatingPoint(famConf, famCorrect, o.errorCatch ?? DEFAULT_ERROR_CATCH, o.flagRule)
  let flagged = 0
  let caught = 0
  let wrong = 0
  for (let i = 0; i < decided.length; i++) {
    const f = !familiar[i] || confidence[i] < point.threshold
    if (f) flagged++
    if (!correct[i]) {
      wrong++
      if (f) caught++
    }
  }
  return {
    summary: {
      temperature,
      calibration: calibrationOf(confidence, correct),
      flag: {
        ...point,
        errorsFlagged: wrong ? caught / wrong : 1,
        workload: decided.length ? flagged / decided.length : 0
      },
      ood: { method: o.method, threshold, quantile: OOD_QUANTILE, dim: o.dim }
    },
    calibrated,
    decided
  }
}
