/**
 * A model version as the registry stores it and the UI lists it (plain data, no Node imports).
 */
import type { Preprocessing } from './preprocessing'
import type { ModelTrust } from './trust'
import type { ClassificationMetrics, EpochLog, OperatingThreshold, TrainHyperparameters } from './training'

/** How a version came to be. */
export type ModelSource = 'trained' | 'keras-import' | 'archive-import'

/** The dataset split a version was trained and tested on. */
export interface SplitInfo {
  /** `subject`: grouped by patient/subject; `image`: per distinct image (stratified either way). */
  by: 'subject' | 'image' | null
  seed: number | null
  counts: { train: number; val: number; test: number }
}

export interface ModelMetrics {
  /** Test split at the stored threshold (arg-max when there is none). */
  test?: ClassificationMetrics
  /** Test split by arg-max, for comparison with the threshold's effect. */
  testArgmax?: ClassificationMetrics
  validation?: ClassificationMetrics
}

export interface ModelTimings {
  extractSeconds?: number
  trainSeconds?: number
  evaluateSeconds?: number
}

export interface ModelVersion {
  id: string
  name: string
  createdAt: string
  active: boolean
  source: ModelSource
  backbone: string
  /** Identifies the exact backbone weights (the backbone's digest over its files). */
  backboneSha256: string
  featureDim: number
  classes: string[]
  preprocessing: Preprocessing
  /** Null for imported models whose training is unknown. */
  hyperparameters: TrainHyperparameters | null
  dataset: string | null
  split: SplitInfo | null
  history: EpochLog[]
  bestEpoch: number | null
  metrics: ModelMetrics
  threshold: OperatingThreshold | null
  /** Compute backend the training ran on (or that imported it). */
  backend: string
  timings: ModelTimings
  /** Free text: where an imported model came from, or what a training flag changed. */
  note: string | null
  /**
   * Calibration, review flag operating point and unfamiliar-image detector (issue 11); absent for versions
   * trained before it and for imported models (no validation split to fit them on).
   */
  trust?: ModelTrust | null
}
