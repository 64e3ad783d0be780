import type { ClassificationMetrics, OperatingThreshold } from '../../../../shared/types/training'
import { classificationMetrics } from './classification'
import { rocCurve } from './roc'
import { applyThreshold, argmaxRows, chooseThreshold } from './threshold'

/** Index of the malignant class the threshold and ROC AUC refer to: `ALL` when present, else the first class. */
export function positiveClassIndex(classes: string[]): number {
  const i = classes.findIndex((c) => c.toLowerCase() === 'all')
  return i >= 0 ? i : 0
}

/** Decisions for probabilities [n, k]: the two-class threshold when there is one, else arg-max. */
export function decide(
  probs: Float32Array,
  classes: string[],
  threshold: OperatingThreshold | null
): Int32Array {
  if (threshold && classes.length === 2)
    return applyThreshold(probs, classes.indexOf(threshold.positiveClass), threshold.value)
  return argmaxRows(probs, classes.length)
}

function positiveScores(probs: Float32Array, k: number, index: number): Float32Array {
  return Float32Array.from({ length: probs.length / k }, (_, i) => probs[i * k + index])
}

/**
 * Metrics of `probs` against `labels`, at the threshold (or arg-max), with ROC AUC for two classes, and with
 * `withRoc` the ROC curve's points too (kept for the test split only: one curve per version is what is drawn).
 */
export function metricsOf(
  probs: Float32Array,
  labels: Int32Array,
  classes: string[],
  threshold: OperatingThreshold | null,
  o: { withRoc?: boolean } = {}
): ClassificationMetrics {
  const pos = positiveClassIndex(classes)
  const positive = classes.length === 2 ? { index: pos, scores: positiveScores(probs, 2, pos) } : undefined
  const m = classificationMetrics(classes, labels, decide(probs, classes, threshold), positive)
  const roc =
    o.withRoc && positive
      ? rocCurve(
          positive.scores,
          Array.from(labels, (l) => l === pos)
        )
      : undefined
  return roc ? { ...m, roc } : m
}

/** Chooses the two-class operating threshold on validation probabilities (null for more classes). */
export function thresholdOnValidation(
  probs: Float32Array,
  labels: Int32Array,
  classes: string[],
  targets: { targetSensitivity?: number; targetSpecificity?: number } = {}
): OperatingThreshold | null {
  if (classes.length !== 2) return null
  const pos = positiveClassIndex(classes)
  return chooseThreshold({
    scores: positiveScores(probs, 2, pos),
    positive: Array.from(labels, (l) => l === pos),
    positiveClass: classes[pos],
    ...targets
  })
}
