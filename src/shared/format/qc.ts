/** Words for quality-control figures, the same in the terminal and the window: every share with its count and interval. */
import type { QcRunView, QcShare, QcTarget } from '../types/qc'

export const shareText = (s: QcShare): string =>
  s.of
    ? `${s.percent.toFixed(1)}% (${s.count}/${s.of}, 95% CI ${s.low.toFixed(1)}–${s.high.toFixed(1)}%)`
    : 'none scored'

export const zText = (v: number | null): string => (v === null ? '' : `z ${v >= 0 ? '+' : ''}${v.toFixed(2)}`)

export function verdictText(r: Pick<QcRunView, 'reject' | 'rules'>): string {
  if (r.reject) return `REJECT (${r.rules.join(', ')})`
  return r.rules.length ? `warning (${r.rules.join(', ')})` : 'in control'
}

export const targetText = (t: QcTarget | null, unset = 'not set'): string =>
  t ? `${t.mean.toFixed(1)}% ± ${t.sd.toFixed(2)} SD` : unset
