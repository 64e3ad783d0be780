/**
 * Westgard rules on one control's series of results with its target mean and SD, judged at each run on the
 * runs up to it (as a lab would have judged it that day). 1-2s only warns; 1-3s, 2-2s, R-4s and 10-x reject.
 * With one control level per run, 2-2s and R-4s look across the last two runs (R-4s: one above +2 SD and the
 * other below −2 SD), 10-x at the last ten.
 */

export type WestgardRule = '1-2s' | '1-3s' | '2-2s' | 'R-4s' | '10-x'

export const REJECTION_RULES: readonly WestgardRule[] = ['1-3s', '2-2s', 'R-4s', '10-x']

export interface WestgardVerdict {
  /** Index of the run in the series. */
  index: number
  value: number
  /** Distance from the target in SDs. */
  z: number
  /** Rules this run broke (1-2s included, as a warning). */
  rules: WestgardRule[]
  /** True when a rejection rule fired: results reported with this control stop until someone acknowledges it. */
  reject: boolean
}

export interface ControlTarget {
  mean: number
  sd: number
}

function rulesAt(z: readonly number[], i: number): WestgardRule[] {
  const rules: WestgardRule[] = []
  const now = z[i]
  const before = i > 0 ? z[i - 1] : undefined
  if (Math.abs(now) > 2) rules.push('1-2s')
  if (Math.abs(now) > 3) rules.push('1-3s')
  if (before !== undefined) {
    if ((now > 2 && before > 2) || (now < -2 && before < -2)) rules.push('2-2s')
    if ((now > 2 && before < -2) || (now < -2 && before > 2)) rules.push('R-4s')
  }
  if (i >= 9) {
    const last = z.slice(i - 9, i + 1)
    if (last.every((v) => v > 0) || last.every((v) => v < 0)) rules.push('10-x')
  }
  return rules
}

export function westgard(values: readonly number[], target: ControlTarget): WestgardVerdict[] {
  if (!(target.sd > 0)) throw new Error(`a control's SD must be above 0 (got ${target.sd})`)
  const z = values.map((v) => (v - target.mean) / target.sd)
  return values.map((value, index) => {
    const rules = rulesAt(z, index)
    return { index, value, z: z[index], rules, reject: rules.some((r) => REJECTION_RULES.includes(r)) }
  })
}
