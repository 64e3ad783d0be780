import type { OperatingThreshold } from '../../../../shared/types/training'

/**
 * Chooses a two-class operating threshold on the validation split. Predict "positive" (the malignant class)
 * when its probability ≥ threshold.
 *
 * Candidates are the midpoints between consecutive distinct validation scores (plus the ends), so the chosen
 * value does not sit on a validation sample's score and every distinct split of the sorted scores is tried.
 */
export interface ThresholdInput {
  /** Probability of the positive class per validation sample. */
  scores: ArrayLike<number>
  /** Whether each validation sample is truly positive. */
  positive: ArrayLike<boolean>
  positiveClass: string
  /** When set: the highest threshold whose sensitivity ≥ target (fewest false alarms that still catch enough). */
  targetSensitivity?: number
  /** When set: the lowest threshold whose specificity ≥ target (most blasts caught with few enough false alarms). */
  targetSpecificity?: number
}

interface Point {
  value: number
  sensitivity: number
  specificity: number
}

/** Sensitivity and specificity at every candidate threshold, from the highest threshold to the lowest. */
function sweep(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>
): { points: Point[]; pos: number; neg: number } {
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a])
  let pos = 0
  for (let i = 0; i < n; i++) if (positive[i]) pos++
  const neg = n - pos
  if (pos === 0 || neg === 0) {
    throw new Error(
      `cannot choose a threshold: the validation split has ${pos} positive and ${neg} negative samples`
    )
  }
  const points: Point[] = []
  // Above the top score nothing is positive.
  let tp = 0
  let fp = 0
  points.push({ value: Math.min(1, scores[order[0]] + 1e-6), sensitivity: 0, specificity: 1 })
  for (let i = 0; i < n;) {
    let j = i
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++
    for (let k = i; k <= j; k++) {
      if (positive[order[k]]) tp++
      else fp++
    }
    const here = scores[order[i]]
    const next = j + 1 < n ? scores[order[j + 1]] : 0
    // Any threshold in (next, here] gives the same split; take the midpoint.
    const value = j + 1 < n ? (here + next) / 2 : Math.max(0, here / 2)
    points.push({ value, sensitivity: tp / pos, specificity: 1 - fp / neg })
    i = j + 1
  }
  return { points, pos, neg }
}

function checkTarget(name: string, target: number): void {
  if (!(target > 0 && target <= 1)) throw new Error(`target ${name} must be in (0, 1] (got ${target})`)
}

export function chooseThreshold(input: ThresholdInput): OperatingThreshold {
  const { points, pos, neg } = sweep(input.scores, input.positive)
  const ba = (p: Point) => (p.sensitivity + p.specificity) / 2
  let chosen: Point
  let rule: OperatingThreshold['rule']
  if (input.targetSensitivity !== undefined) {
    const target = input.targetSensitivity
    checkTarget('sensitivity', target)
    // Points run from high to low threshold, so sensitivity only grows: the first that reaches the target wins.
    chosen = points.find((p) => p.sensitivity >= target) ?? points[points.length - 1]
    rule = { kind: 'target-sensitivity', target, reached: chosen.sensitivity }
  } else if (input.targetSpecificity !== undefined) {
    const target = input.targetSpecificity
    checkTarget('specificity', target)
    // Specificity only falls as the threshold goes down: the last point still at the target wins.
    chosen = points.filter((p) => p.specificity >= target).at(-1) ?? points[0]
    rule = { kind: 'target-specificity', target, reached: chosen.specificity }
  } else {
    chosen = points[0]
    // Ties: keep the one nearest 0.5 so an uninformative tie does not push the threshold to an extreme.
    for (const p of points) {
      const d = ba(p) - ba(chosen)
      if (d > 1e-12 || (Math.abs(d) <= 1e-12 && Math.abs(p.value - 0.5) < Math.abs(chosen.value - 0.5)))
        chosen = p
    }
    rule = { kind: 'max-balanced-accuracy' }
  }
  return {
    positiveClass: input.positiveClass,
    value: chosen.value,
    rule,
    validation: {
      balancedAccuracy: ba(chosen),
      sensitivity: chosen.sensitivity,
      specificity: chosen.specificity,
      positives: pos,
      negatives: neg
    }
  }
}

/**
 * Class decisions under a two-class threshold: `positiveIndex` when its probability ≥ threshold, else the other.
 * `probs` is row-major [n, 2].
 */
export function applyThreshold(
  probs: ArrayLike<number>,
  positiveIndex: number,
  threshold: number
): Int32Array {
  const n = probs.length / 2
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++)
    out[i] = probs[i * 2 + positiveIndex] >= threshold ? positiveIndex : 1 - positiveIndex
  return out
}

/** Arg-max decisions for any number of classes; `probs` is row-major [n, k]. */
export function argmaxRows(probs: ArrayLike<number>, k: number): Int32Array {
  const n = probs.length / k
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let best = 0
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c
    out[i] = best
  }
  return out
}
