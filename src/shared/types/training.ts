/**
 * Plain data about training and evaluation that crosses to the UI (no Node or Electron imports).
 */
import { z } from 'zod'

/** Which metric the plateau callback watches. `notebook`: training accuracy until it reaches 0.9, then val loss. */
export const MonitorRule = z.enum(['val_loss', 'notebook'])
export type MonitorRule = z.infer<typeof MonitorRule>
export const ClassWeightRule = z.enum(['none', 'balanced'])
export type ClassWeightRule = z.infer<typeof ClassWeightRule>

/** One finished epoch, as the terminal prints it and the app charts it. */
export const EpochLog = z.object({
  /** 1-based. */
  epoch: z.number(),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number(),
  valAccuracy: z.number(),
  /** Learning rate used during this epoch. */
  learningRate: z.number(),
  /** What the callback watched this epoch and whether it improved. */
  monitor: z.enum(['val_loss', 'accuracy']),
  improved: z.boolean(),
  /** Learning rate for the next epoch, when the callback halved it. */
  reducedTo: z.number().optional(),
  seconds: z.number()
})
export type EpochLog = z.infer<typeof EpochLog>

export const HeadConfig = z.object({
  units: z.number(),
  l2: z.number(),
  dropout: z.number(),
  bnMomentum: z.number(),
  bnEpsilon: z.number()
})
export type HeadConfig = z.infer<typeof HeadConfig>

/** The hyperparameters of a head training, stored with each model version. */
export const TrainHyperparameters = z.object({
  epochs: z.number(),
  batchSize: z.number(),
  learningRate: z.number(),
  seed: z.number(),
  classWeight: ClassWeightRule,
  monitor: MonitorRule,
  /** Horizontally flipped copies of the training images added as extra training samples. */
  flip: z.boolean(),
  /** Dense units, L2, dropout, BatchNorm momentum/epsilon: the published head. */
  head: HeadConfig,
  /** Stop after this many learning-rate halvings without improvement. */
  stopPatience: z.number(),
  /** Epochs without improvement before halving the learning rate. */
  patience: z.number()
})
export type TrainHyperparameters = z.infer<typeof TrainHyperparameters>

/** One class's row of a classification report. */
export const ClassMetrics = z.object({
  name: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number()
})
export type ClassMetrics = z.infer<typeof ClassMetrics>

/**
 * ROC points of the positive class's probability, from (0, 0) to (1, 1): point i is the false and true positive
 * rate when predicting positive for probability ≥ thresholds[i]. thresholds[0] = highest score + 1 (scikit-learn's
 * convention before 1.3; JSON has no Infinity). Collinear points are dropped and long curves thinned.
 */
export const RocCurve = z.object({
  fpr: z.array(z.number()),
  tpr: z.array(z.number()),
  thresholds: z.array(z.number())
})
export type RocCurve = z.infer<typeof RocCurve>

export const ClassificationMetrics = z.object({
  classes: z.array(z.string()),
  /** confusion[true][predicted] */
  confusion: z.array(z.array(z.number())),
  perClass: z.array(ClassMetrics),
  accuracy: z.number(),
  /** F1 averaged over classes weighted by support: the C-NMC 2019 challenge's metric. */
  weightedF1: z.number(),
  balancedAccuracy: z.number(),
  /** Two classes only: area under the ROC curve of the positive class's probability. */
  rocAuc: z.number().optional(),
  /**
   * Two classes only, and only where stored (test metrics of versions trained since the curve was kept; older
   * versions and imported models have none): the ROC curve's points.
   */
  roc: RocCurve.optional(),
  count: z.number()
})
export type ClassificationMetrics = z.infer<typeof ClassificationMetrics>

/** How the two-class decision threshold was chosen. */
export const ThresholdRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('argmax') }),
  z.object({ kind: z.literal('max-balanced-accuracy') }),
  z.object({ kind: z.literal('target-sensitivity'), target: z.number(), reached: z.number() })
])
export type ThresholdRule = z.infer<typeof ThresholdRule>

/**
 * Two-class operating point: predict `positiveClass` when its probability ≥ `value`. Chosen on the validation
 * split, never on test.
 */
export const OperatingThreshold = z.object({
  positiveClass: z.string(),
  value: z.number(),
  rule: ThresholdRule,
  /** Balanced accuracy / sensitivity / specificity on the validation split at this threshold. */
  validation: z.object({ balancedAccuracy: z.number(), sensitivity: z.number(), specificity: z.number() })
})
export type OperatingThreshold = z.infer<typeof OperatingThreshold>
