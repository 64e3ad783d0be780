/**
 * From class probabilities to a decision. With two classes and the model version's operating threshold (chosen on
 * the validation split by the trainer) the positive class wins when its probability reaches the threshold — the
 * same rule the stored test metrics were computed with; otherwise the most probable class wins.
 */

export interface DecisionThreshold {
  positiveClass: string
  value: number
}

export interface Decision {
  index: number
  predicted: string
  /** Probability of the predicted class. */
  confidence: number
  /** Confidence below the flag threshold: a person should look at it. */
  flagged: boolean
}

export function decide(
  probabilities: readonly number[],
  classes: readonly string[],
  flagThreshold: number,
  threshold?: DecisionThreshold
): Decision {
  if (probabilities.length !== classes.length)
    throw new RangeError(`${probabilities.length} probabilities for ${classes.length} classes`)
  let index = 0
  const pos = threshold && classes.length === 2 ? classes.indexOf(threshold.positiveClass) : -1
  if (threshold && classes.length === 2 && pos < 0)
    throw new RangeError(`threshold class "${threshold.positiveClass}" is not one of ${classes.join(', ')}`)
  if (pos >= 0) index = probabilities[pos] >= threshold!.value ? pos : 1 - pos
  else for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[index]) index = i
  const confidence = probabilities[index]
  return { index, predicted: classes[index], confidence, flagged: confidence < flagThreshold }
}
