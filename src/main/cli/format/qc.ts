import type { QcRunView, QcSetView, QcShare } from '../../../shared/types/qc'

/** Plain text of quality control for the terminal: every figure with its count and 95% interval. */

export const shareText = (s: QcShare): string =>
  s.of
    ? `${s.percent.toFixed(1)}% (${s.count}/${s.of}, 95% CI ${s.low.toFixed(1)}–${s.high.toFixed(1)}%)`
    : 'none scored'

const z = (v: number | null): string => (v === null ? '' : ` z ${v >= 0 ? '+' : ''}${v.toFixed(2)}`)

export function formatQcRun(r: QcRunView): string {
  const verdict = r.reject
    ? `REJECT (${r.rules.join(', ')})`
    : r.rules.length
      ? `warning (${r.rules.join(', ')})`
      : 'in control'
  const ack = r.ack
    ? `\n      acknowledged by ${r.ack.person} ${r.ack.at}: ${r.ack.note}`
    : r.reject
      ? '\n      OPEN: not acknowledged (`leukolens qc ack ' + r.id + ' --note …`)'
      : ''
  return [
    `  run ${r.id}  ${r.at.slice(0, 16).replace('T', ' ')}  scan ${r.scanId}  model ${r.modelId}`,
    `      accuracy ${shareText(r.accuracy)}${z(r.accuracyZ)}; blasts ${shareText(r.blasts)}${z(r.blastZ)}${r.missing ? `; ${r.missing} image(s) not classified` : ''}`,
    `      ${verdict}${ack}`
  ].join('\n')
}

const targetText = (t: QcSetView['accuracyTarget']): string =>
  t ? `${t.mean.toFixed(1)}% ± ${t.sd.toFixed(2)} SD` : 'not set (`leukolens qc target`)'

export function formatQcSet(s: QcSetView): string {
  const expected = Object.entries(s.expected)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ')
  return [
    `Control set ${s.name}: ${s.folder} (${expected}; blast class ${s.blastClass})`,
    `  targets: accuracy ${targetText(s.accuracyTarget)}; blasts ${targetText(s.blastTarget)}`,
    s.runs.length ? s.runs.map(formatQcRun).join('\n') : '  no runs yet (`leukolens qc run ' + s.name + '`)',
    s.openAlerts ? `  ${s.openAlerts} rejected run(s) not acknowledged: sign-off waits` : '  no open alert'
  ].join('\n')
}
