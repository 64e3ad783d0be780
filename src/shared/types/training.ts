/**
 * Plain data about training and evaluation that crosses to the UI (no Node or Electron imports).
 */
import { z } from 'zod'

/** A 95% interval [low, high]. */
export const Interval = z.tuple([z.number(), z.number()])
export type Interval = z.infer<typeof Interval>

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
  patience: z.number(),
  /**
   * The `logistic` recipes: an L2-regularised logistic regression on standardised features (fitted by L-BFGS,
   * stored in the head's layers) instead of the published head; `l2` is the penalty on the mean weighted loss.
   */
  linear: z.object({ l2: z.number().positive() }).optional()
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

/** 95% intervals of a set's figures (engine/metrics/intervals.ts): `test.intervals.<figure>` in `--json`. */
export const MetricIntervals = z.object({
  accuracy: Interval,
  balancedAccuracy: Interval,
  rocAuc: Interval.optional(),
  /** Per class name. */
  recall: z.record(z.string(), Interval),
  /** Share of images flagged for review, and share of wrong answers among them (where the set was flagged). */
  flagged: Interval.optional(),
  errorsFlagged: Interval.optional()
})
export type MetricIntervals = z.infer<typeof MetricIntervals>

/** What the intervals rest on, in words and counts. */
export const Uncertainty = z.object({
  /** E.g. "cluster bootstrap over blocks of up to 20 neighbouring files (2000 resamples)". */
  method: z.string(),
  clusterBy: z.enum(['subject', 'block']),
  /** Clusters (subjects or blocks) per class name. */
  clusters: z.record(z.string(), z.number()),
  /** Figures resting on fewer than 50 images of a class or fewer than 5 clusters, said in words. */
  caveats: z.array(z.string())
})
export type Uncertainty = z.infer<typeof Uncertainty>

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
  count: z.number(),
  /** 95% intervals that allow for images of one subject or block not being independent; absent on old versions. */
  intervals: MetricIntervals.optional(),
  uncertainty: Uncertainty.optional()
})
export type ClassificationMetrics = z.infer<typeof ClassificationMetrics>

/** How the two-class decision threshold was chosen. */
export const ThresholdRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('argmax') }),
  z.object({ kind: z.literal('max-balanced-accuracy') }),
  z.object({ kind: z.literal('target-sensitivity'), target: z.number(), reached: z.number() }),
  z.object({ kind: z.literal('target-specificity'), target: z.number(), reached: z.number() })
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
  validation: z.object({
    balancedAccuracy: z.number(),
    sensitivity: z.number(),
    specificity: z.number(),
    /** Validation images of the positive and the other class (absent on versions before they were kept). */
    positives: z.number().optional(),
    negatives: z.number().optional(),
    /** 95% intervals of sensitivity and specificity on validation (cluster bootstrap, as the test figures). */
    intervals: z.object({ sensitivity: Interval, specificity: Interval }).optional()
  })
})

/**
 * What the user asks of the decision threshold: `balanced` (max balanced accuracy), or a sensitivity or
 * specificity to reach on validation (`sensitivity:0.98`).
 */
export const OperatingPoint = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('balanced') }),
  z.object({ kind: z.literal('sensitivity'), target: z.number().gt(0).max(1) }),
  z.object({ kind: z.literal('specificity'), target: z.number().gt(0).max(1) })
])
export type OperatingPoint = z.infer<typeof OperatingPoint>
export type OperatingThreshold = z.infer<typeof OperatingThreshold>
