/**
 * A model version as the registry stores it and the UI lists it (plain data, no Node imports).
 */
import { z } from 'zod'
import { Preprocessing } from './preprocessing'
import { ModelTrust } from './trust'
import { ClassificationMetrics, EpochLog, OperatingThreshold, TrainHyperparameters } from './training'

/** How a version came to be. */
export const ModelSource = z.enum(['trained', 'keras-import', 'archive-import'])
export type ModelSource = z.infer<typeof ModelSource>

/** The dataset split a version was trained and tested on. */
export const SplitInfo = z.object({
  /** `subject`: grouped by patient/subject; `image`: per distinct image (stratified either way). */
  by: z.enum(['subject', 'image']).nullable(),
  seed: z.number().nullable(),
  /** Images of unknown subject: the forward rule (newest files in test) or random blocks; absent on older versions. */
  rule: z.enum(['forward', 'blocks']).nullable().optional(),
  counts: z.object({ train: z.number(), val: z.number(), test: z.number() })
})
export type SplitInfo = z.infer<typeof SplitInfo>

export const ModelMetrics = z.object({
  /** Test split at the stored threshold (arg-max when there is none). */
  test: ClassificationMetrics.optional(),
  /** Test split by arg-max, for comparison with the threshold's effect. */
  testArgmax: ClassificationMetrics.optional(),
  validation: ClassificationMetrics.optional()
})
export type ModelMetrics = z.infer<typeof ModelMetrics>

export const ModelTimings = z.object({
  extractSeconds: z.number().optional(),
  trainSeconds: z.number().optional(),
  evaluateSeconds: z.number().optional()
})
export type ModelTimings = z.infer<typeof ModelTimings>

export const ModelVersion = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  active: z.boolean(),
  source: ModelSource,
  backbone: z.string(),
  /** Identifies the exact backbone weights (the backbone's digest over its files). */
  backboneSha256: z.string(),
  featureDim: z.number(),
  classes: z.array(z.string()),
  preprocessing: Preprocessing,
  /** Null for imported models whose training is unknown. */
  hyperparameters: TrainHyperparameters.nullable(),
  dataset: z.string().nullable(),
  split: SplitInfo.nullable(),
  history: z.array(EpochLog),
  bestEpoch: z.number().nullable(),
  metrics: ModelMetrics,
  threshold: OperatingThreshold.nullable(),
  /** Compute backend the training ran on (or that imported it). */
  backend: z.string(),
  timings: ModelTimings,
  /** Free text: where an imported model came from, or what a training flag changed. */
  note: z.string().nullable(),
  /** When the version was deleted while predictions pointed at it: archived (hidden from lists, kept for history). */
  archivedAt: z.string().nullable().optional(),
  /**
   * Calibration, review flag operating point and unfamiliar-image detector; absent for versions
   * trained before it and for imported models (no validation split to fit them on).
   */
  trust: ModelTrust.nullable().optional()
})
export type ModelVersion = z.infer<typeof ModelVersion>
