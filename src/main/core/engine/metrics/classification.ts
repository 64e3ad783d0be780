import type { ClassificationMetrics, ClassMetrics } from '../../../../shared/types/training'

/** Divides, answering 0 for 0/0 (scikit-learn's `zero_division=0`). */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b
}

/** confusion[true][predicted] from integer labels in [0, classCount). */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classCount: number
): number[][] {
  if (truth.length !== predicted.length) {
    throw new Error(`confusionMatrix: ${truth.length} labels but ${predicted.length} predictions`)
  }
  const m = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0))
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]
    const p = predicted[i]
    if (!(t >= 0 && t < classCount && p >= 0 && p < classCount)) {
      throw new Error(`confusionMatrix: label ${t} or prediction ${p} outside 0..${classCount - 1}`)
    }
    m[t][p] += 1
  }
  return m
}

/**
 * Area under the ROC curve by the rank statistic (Mann–Whitney U), ties counted as half: equals
 * scikit-learn's `roc_auc_score`. `positive[i]` says whether sample i belongs to the positive class.
 * Undefined when one of the classes has no sample.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | undefined {
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b])
  let pos = 0
  let rankSumPos = 0
  for (let i = 0; i < n;) {
    let j = i
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++
    const avgRank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) {
      if (positive[order[k]]) {
        pos++
        rankSumPos += avgRank
      }
    }
    i = j + 1
  }
  const neg = n - pos
  if (pos === 0 || neg === 0) return undefined
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg)
}

/** Metrics derived from a confusion matrix (rows = truth). */
export function metricsFromConfusion(classes: string[], confusion: number[][]): ClassificationMetrics {
  const k = classes.length
  const count = confusion.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0)
  const perClass: ClassMetrics[] = classes.map((name, c) => {
    const tp = confusion[c][c]
    const support = confusion[c].reduce((a, b) => a + b, 0)
    let predicted = 0
    for (let r = 0; r < k; r++) predicted += confusion[r][c]
    const precision = ratio(tp, predicted)
    const recall = ratio(tp, support)
    return { name, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support }
  })
  let correct = 0
  for (let c = 0; c < k; c++) correct += confusion[c][c]
  const present = perClass.filter((c) => c.support > 0)
  return {
    classes: [...classes],
    confusion: confusion.map((r) => [...r]),
    perClass,
    accuracy: ratio(correct, count),
    weightedF1: ratio(
      perClass.reduce((s, c) => s + c.f1 * c.support, 0),
      count
    ),
    // scikit-learn's balanced_accuracy_score: mean recall over the classes that occur in the truth.
    balancedAccuracy: ratio(
      present.reduce((s, c) => s + c.recall, 0),
      present.length
    ),
    count
  }
}

/**
 * Full classification report from integer truth and predicted labels; with two classes and the positive
 * class's probabilities, also the ROC AUC (threshold-free, so it does not depend on the operating point).
 */
export function classificationMetrics(
  classes: string[],
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  positive?: { index: number; scores: ArrayLike<number> }
): ClassificationMetrics {
  const m = metricsFromConfusion(classes, confusionMatrix(truth, predicted, classes.length))
  if (positive && classes.length === 2) {
    const isPos = Array.from(truth, (t) => t === positive.index)
    const auc = rocAuc(positive.scores, isPos)
    if (auc !== undefined) m.rocAuc = auc
  }
  return m
}
