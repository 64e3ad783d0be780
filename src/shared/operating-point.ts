/** What a decision threshold costs, in words a lab can weigh (pure, used by the command line and the screens). */
import type { OperatingThreshold } from './types/training'

/**
 * Cells of the other class called positive for every 100 positive cells caught, from the validation counts at
 * the threshold. Null where the counts were not kept (older versions) or nothing was caught.
 */
export function falseAlarmsPer100(t: OperatingThreshold): number | null {
  const v = t.validation
  if (v.positives === undefined || v.negatives === undefined) return null
  const caught = v.sensitivity * v.positives
  return caught > 0 ? (100 * (1 - v.specificity) * v.negatives) / caught : null
}
