/**
 * What a model version knows about when not to trust it (issue 11), as stored with the version and shown by
 * `models show`, `evaluate` and the Training and Models screens. Plain data, no Node imports.
 */

/** One bar of a reliability diagram: answers whose confidence fell in (lo, hi]. */
export interface ReliabilityBin {
  lo: number
  hi: number
  count: number
  /** Mean confidence in the bin; null when empty. */
  confidence: number | null
  /** Share of the bin's answers that were right; null when empty. */
  accuracy: number | null
}

/** Expected calibration error (15 equal-width bins) and the bins it was computed from. */
export interface Calibration {
  ece: number
  bins: ReliabilityBin[]
}

export type OodMethod = 'mahalanobis' | 'knn'

/** The cheap image checks' reference: what the training images looked like. */
export interface ImageProfile {
  formats: string[]
  width: { min: number; max: number }
  height: { min: number; max: number }
}

export interface ModelTrust {
  /** Temperature dividing the logits; fitted on validation (1 = unchanged). */
  temperature: number
  /** Validation split after temperature scaling; `before` is the same without it. */
  calibration: Calibration & { before: number }
  /** Test split after temperature scaling. */
  testCalibration: Calibration | null
  /**
   * Review flag operating point chosen on validation: flag answers with calibrated confidence below `threshold`
   * (unfamiliar images are flagged whatever their confidence); `errorsFlagged` and `workload` are validation
   * shares of errors caught and of all images flagged.
   */
  flag: { threshold: number; target: number; errorsFlagged: number; workload: number }
  /** The same operating point applied to the test split. */
  testFlag: { errorsFlagged: number; workload: number } | null
  /** OOD detector: its arrays live in the version's folder (`ood.bin`); scores above `threshold` are unfamiliar. */
  ood: {
    method: OodMethod
    threshold: number
    /** Quantile of validation scores the threshold sits at. */
    quantile: number
    dim: number
    /** Shares of validation and test images above the threshold. */
    valUnfamiliar: number
    testUnfamiliar: number | null
  }
  images: ImageProfile
}
