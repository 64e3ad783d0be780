import type { ModelView } from '../../../shared/contract'
import type { OperatingPoint } from '../../../shared/types/training'
import { falseAlarmsPer100 } from '../../../shared/operating-point'
import { ci, pct } from './format'

export const withCi = (figure: string, interval: string): string =>
  interval ? `${figure} (${interval})` : figure

/** The Training screen's choices of decision rule (the command line takes any target). */
export const OPERATING_POINTS: [string, OperatingPoint][] = [
  ['balanced (max balanced accuracy)', { kind: 'balanced' }],
  ['sensitivity ≥ 0.98 (miss few blasts)', { kind: 'sensitivity', target: 0.98 }],
  ['sensitivity ≥ 0.95', { kind: 'sensitivity', target: 0.95 }],
  ['specificity ≥ 0.95 (few false alarms)', { kind: 'specificity', target: 0.95 }]
]

export /** The decision rule, both classes' validation recall with intervals, and what it costs. */
function operatingPointText(m: Pick<ModelView, 'threshold'>): string {
  const t = m.threshold
  if (!t) return 'arg-max'
  const v = t.validation
  const rule =
    t.rule.kind === 'target-sensitivity'
      ? `sensitivity ≥ ${pct(t.rule.target)}`
      : t.rule.kind === 'target-specificity'
        ? `specificity ≥ ${pct(t.rule.target)}`
        : t.rule.kind === 'max-balanced-accuracy'
          ? 'balanced'
          : 'arg-max'
  const per100 = falseAlarmsPer100(t)
  const cost =
    per100 === null
      ? ''
      : `; ${per100.toFixed(1)} other cells called ${t.positiveClass} per 100 ${t.positiveClass} caught`
  return (
    `${rule}: ${t.positiveClass} when p ≥ ${t.value.toFixed(3)}; on validation sensitivity ${withCi(pct(v.sensitivity), ci(v.intervals?.sensitivity))}, ` +
    `specificity ${withCi(pct(v.specificity), ci(v.intervals?.specificity))}${cost}`
  )
}
