import type { QcRunView, QcSetView } from '../../../shared/types/qc'
import { shareText, targetText, verdictText, zText } from '../../../shared/format/qc'

/** Plain text of quality control for the terminal. */

const z = (v: number | null): string => (v === null ? '' : ` ${zText(v)}`)

export function formatQcRun(r: QcRunView): string {
  const ack = r.ack
    ? `\n      acknowledged by ${r.ack.person} ${r.ack.at}: ${r.ack.note}${r.ack.auditEntry === null ? '' : ` (audit entry #${r.ack.auditEntry})`}`
    : r.reject
      ? `\n      OPEN: not acknowledged (\`leukolens qc ack ${r.id} --note …\`)`
      : ''
  return [
    `  run ${r.id}  ${r.at.slice(0, 16).replace('T', ' ')}  scan ${r.scanId}  model ${r.modelId}`,
    `      accuracy ${shareText(r.accuracy)}${z(r.accuracyZ)}; blasts ${shareText(r.blasts)}${z(r.blastZ)}${r.missing ? `; ${r.missing} image(s) not classified` : ''}`,
    `      ${verdictText(r)}${ack}`
  ].join('\n')
}

const target = (t: QcSetView['accuracyTarget']): string => targetText(t, 'not set (`leukolens qc target`)')

export function formatQcSet(s: QcSetView): string {
  const expected = Object.entries(s.expected)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ')
  return [
    `Control set ${s.name}: ${s.folder} (${expected}; blast class ${s.blastClass})`,
    `  targets: accuracy ${target(s.accuracyTarget)}; blasts ${target(s.blastTarget)}`,
    s.runs.length ? s.runs.map(formatQcRun).join('\n') : `  no runs yet (\`leukolens qc run ${s.name}\`)`,
    s.openAlerts
      ? `  ${s.openAlerts} rejected run(s) not acknowledged: no result goes to the LIS until acknowledged`
      : '  no open alert'
  ].join('\n')
}
