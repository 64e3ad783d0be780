/**
 * Plain data about training and evaluation that crosses to the UI (no Node or Electron imports).
 */

/** Which metric the plateau callback watches. `notebook`: training accuracy until it reaches 0.9, then val loss. */
export type MonitorRule = 'val_loss' | 'notebook'
export type ClassWeightRule = 'none' | 'balanced'

/** One finished epoch, as the terminal prints it and the app charts it. */
export interface EpochLog {
  /** 1-based. */
  epoch: number
  loss: number
  accuracy: number
  valLoss: number
  valAccuracy: number
  /** Learning rate used during this epoch. */
  learningRate: number
  /** What the callback watched this epoch and whether it improved. */
  monitor: 'val_loss' | 'accuracy'
  improved: boolean
  /** Learning rate for the next epoch, when the callback halved it. */
  reducedTo?: number
  seconds: number
}

/** The hyperparameters of a head training, stored with each model version. */
export interface TrainHyperparameters {
  epochs: number
  batchSize: number
  learningRate: number
  seed: number
  classWeight: ClassWeightRule
  monitor: MonitorRule
  /** Horizontally flipped copies of the training images added as extra training samples. */
  flip: boolean
  /** Dense units, L2, dropout, BatchNorm momentum/epsilon: the published head. */
  head: HeadConfig
  /** Stop after this many learning-rate halvings without improvement. */
  stopPatience: number
  /** Epochs without improvement before halving the learning rate. */
  patience: number
}

export interface HeadConfig {
  units: number
  l2: number
  dropout: number
  bnMomentum: number
  bnEpsilon: number
}

/** One class's row of a classification report. */
export interface ClassMetrics {
  name: string
  precision: number
  recall: number
  f1: number
  support: number
}

export interface ClassificationMetrics {
  classes: string[]
  /** confusion[true][predicted] */
  confusion: number[][]
  perClass: ClassMetrics[]
  accuracy: number
  /** F1 averaged over classes weighted by support: the C-NMC 2019 challenge's metric. */
  weightedF1: number
  balancedAccuracy: number
  /** Two classes only: area under the ROC curve of the positive class's probability. */
  rocAuc?: number
  /**
   * Two classes only, and only where stored (test metrics of versions trained since the curve was kept; older
   * versions and imported models have none): the ROC curve's points.
   */
  roc?: RocCurve
  count: number
}

/**
 * ROC points of the positive class's probability, from (0, 0) to (1, 1): point i is the false and true positive
 * rate when predicting positive for probability ≥ thresholds[i]. thresholds[0] = highest score + 1 (scikit-learn's
 * convention before 1.3; JSON has no Infinity). Collinear points are dropped and long curves thinned.
 */
export interface RocCurve {
  fpr: number[]
  tpr: number[]
  thresholds: number[]
}

/** How the two-class decision threshold was chosen. */
export type ThresholdRule =
  | { kind: 'argmax' }
  | { kind: 'max-balanced-accuracy' }
  | { kind: 'target-sensitivity'; target: number; reached: number }

/**
 * Two-class operating point: predict `positiveClass` when its probability ≥ `value`. Chosen on the validation
 * split, never on test.
 */
export interface OperatingThreshold {
  positiveClass: string
  value: number
  rule: ThresholdRule
  /** Balanced accuracy / sensitivity / specificity on the validation split at this threshold. */
  validation: { balancedAccuracy: number; sensitivity: number; specificity: number }
}
