import type { DifferentialView, SampleWork, SignedResult } from '../../../shared/types/differential'
import { countText, signedStateText, signOffText } from '../../../shared/format/sample-work'
import type { DifferentialCell } from '../../core/samples/differential'
import { formatTable } from '../table'

/** `sample show` and `sample sign` as text: the count toward its target, a bar and a row per class, the sign-off. */

const BAR = 20

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')

/** A class's share of the target as a bar of BAR characters (the count so far fills it, never beyond). */
function bar(count: number, target: number): string {
  // Any count shows: one cell of 200 is less than a character, but it is not nothing.
  const filled = Math.min(BAR, Math.ceil((BAR * count) / Math.max(target, 1)))
  return '█'.repeat(filled) + '·'.repeat(BAR - filled)
}

export function signedText(r: SignedResult): string {
  const kind = r.status === 'corrected' ? `corrected, replaces result ${r.replaces}` : 'final'
  return (
    `result ${r.id} (${kind}): ${r.counted} of ${r.target} cells, signed by ${r.signer} at ${r.signedAt}` +
    (r.reason ? `; short of the target because: ${r.reason}` : '') +
    ` (audit entry ${r.auditEntry})`
  )
}

export function differentialText(v: DifferentialView): string {
  const key = new Map(v.keys.map((k) => [k.label, k.key]))
  const togo = v.counted < v.target ? `, ${v.target - v.counted} to go` : ', target reached'
  const rows = v.classes.map((c) => [
    key.get(c.name) ?? '',
    c.name,
    String(c.count),
    bar(c.count, v.target),
    v.counted ? `${c.percent.toFixed(1)}%` : '—',
    v.counted ? `${c.low.toFixed(1)}–${c.high.toFixed(1)}%` : '—'
  ])
  const signed = v.signed
    ? `  signed: ${signedText(v.signed)}${v.changedSinceSigned ? ' — reviews have changed the counts since: sign again to correct it' : ''}`
    : '  not signed'
  const gate = v.signOff.possible
    ? '  sign-off: possible'
    : `  sign-off not possible: ${v.signOff.reasons.join('; ')}`
  return [
    `Scan ${v.scanId}, sample ${v.sample} (model ${v.modelId})`,
    `  counted ${v.counted} of ${v.target} cells${togo}; ${v.cells} found, ${v.unfamiliar} unfamiliar, ${v.flagged} flagged (${v.flaggedUnreviewed} not reviewed)`,
    indent(formatTable(['key', 'class', 'count', 'of the target', 'share', '95% Wilson CI'], rows)),
    `  shares rest on the ${v.counted} cell${v.counted === 1 ? '' : 's'} a person has classed`,
    signed,
    gate
  ].join('\n')
}

/** The cells of a sample, as `sample classify --cell` names them. */
export function cellsText(cells: readonly DifferentialCell[]): string {
  return indent(
    formatTable(
      ['cell', 'image', 'model', 'person', ''],
      cells.map((c) => [
        c.sha256.slice(0, 12),
        c.field ? `${c.field.path}:${c.field.cell}` : c.path,
        c.predicted,
        c.label ?? '—',
        [c.flagged ? 'flagged' : '', c.unfamiliar ? 'unfamiliar' : ''].filter(Boolean).join(', ')
      ])
    )
  )
}

/** `sample list`: one row per sample of the newest scans, and under it whether it can be signed or why not. */
export function sampleWorkText(list: readonly SampleWork[], waiting: boolean): string {
  if (!list.length)
    return waiting ? 'No sample waits for a count or a sign-off.' : 'No sample in the newest scans.'
  return formatTable(
    ['scan', 'sample', 'count', 'flagged not reviewed', 'state', 'sign-off'],
    list.map((w) => [
      String(w.scanId),
      w.sample,
      countText(w),
      `${w.flaggedUnreviewed} of ${w.flagged}`,
      signedStateText(w),
      signOffText(w)
    ])
  )
}
