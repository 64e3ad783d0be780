/**
 * Quality control on the database: control sets registered with their reference images, runs scored from the
 * scan that ran them and judged by the Westgard rules, rejected runs held open until a person acknowledges them.
 * `openQcAlerts` is what a sign-off checks before it lets a result out.
 */
import type { Database } from 'better-sqlite3'
import { scanFolderPath } from '../scan/files'
import {
  insertQcAck,
  insertQcRun,
  insertQcSet,
  openQcAlertRows,
  qcAcksOfSet,
  qcRun,
  qcRunsOfSet,
  qcSetByName,
  qcSetItems,
  qcSets,
  setQcTargets,
  type QcRunRow,
  type QcSetRow
} from '../db/queries/qc'
import { queryHistory } from '../scan/history'
import type { ScanDbs } from '../scan/store'
import type { QcAck, QcRunView, QcSetView, QcTarget } from '../../../shared/types/qc'
import type { ControlItem } from './control-set'
import { scoreControlRun, share } from './score'
import { binomialTarget, verdictOfLast, type MeasureSeries } from './series'
import { isQcDue } from './schedule'

export class QcError extends Error {
  override name = 'QcError'
}

const target = (mean: number | null, sd: number | null): QcTarget | null =>
  mean === null || sd === null ? null : { mean, sd }

function setRow(db: Database, name: string): QcSetRow {
  const s = qcSetByName(db, name)
  if (!s) throw new QcError(`no control set named "${name}" (see \`leukolens qc list\`)`)
  return s
}

export function addControlSet(
  db: Database,
  s: { name: string; folder: string; blastClass: string },
  items: readonly ControlItem[],
  everyHours: number | null = null
): QcSetView {
  if (qcSetByName(db, s.name)) throw new QcError(`a control set named "${s.name}" exists already`)
  // By real path, as scans store their folders: a set named through a link still matches its scans' images.
  const id = insertQcSet(db, { ...s, folder: scanFolderPath(s.folder) }, items)
  const blasts = items.filter((i) => i.expected === s.blastClass).length
  const t = binomialTarget(blasts, items.length)
  if (t.sd > 0) setQcTargets(db, id, { blast: t })
  return qcSetView(db, s.name, everyHours)
}

const accuracyOf = (r: Pick<QcRunRow, 'correct' | 'scored'>) =>
  r.scored ? (100 * r.correct) / r.scored : NaN
const blastOf = (r: Pick<QcRunRow, 'blasts' | 'scored'>) => (r.scored ? (100 * r.blasts) / r.scored : NaN)

/**
 * Scores a finished scan of the set's folder as a run of the set, judges it and stores it (the scan read from the
 * store, the control sets from the workstation's file).
 */
export async function recordQcRun(
  { db, store }: ScanDbs,
  name: string,
  scanId: number,
  modelId: string
): Promise<QcRunView> {
  const set = setRow(db, name)
  const items = qcSetItems(db, set.id)
  const predictions = (await queryHistory(store, { scanId })).map((r) => ({
    path: r.path,
    predicted: r.prediction.predicted
  }))
  const score = scoreControlRun(items, predictions, scanFolderPath(set.folder), set.blast_class)
  const past = qcRunsOfSet(db, set.id)
  const series: MeasureSeries[] = [
    {
      name: 'accuracy',
      values: [...past, score].map(accuracyOf),
      target: target(set.accuracy_mean, set.accuracy_sd)
    },
    { name: 'blast', values: [...past, score].map(blastOf), target: target(set.blast_mean, set.blast_sd) }
  ]
  const verdict = score.scored
    ? verdictOfLast(series)
    : { rules: ['no image of the set was classified'], reject: true }
  const row = insertQcRun(db, {
    set_id: set.id,
    scan_id: scanId,
    model_id: modelId,
    ...score,
    rules: JSON.stringify(verdict.rules),
    reject: verdict.reject ? 1 : 0
  })
  return runView(row, set, null)
}

function runView(r: QcRunRow, set: QcSetRow, ack: QcAck | null): QcRunView {
  const acc = target(set.accuracy_mean, set.accuracy_sd)
  const bl = target(set.blast_mean, set.blast_sd)
  const z = (v: number, t: QcTarget | null) => (t && Number.isFinite(v) ? (v - t.mean) / t.sd : null)
  return {
    id: r.id,
    setName: set.name,
    scanId: r.scan_id,
    modelId: r.model_id,
    at: r.created_at,
    scored: r.scored,
    missing: r.missing,
    accuracy: share(r.correct, r.scored),
    blasts: share(r.blasts, r.scored),
    accuracyZ: z(accuracyOf(r), acc),
    blastZ: z(blastOf(r), bl),
    rules: JSON.parse(r.rules) as string[],
    reject: r.reject === 1,
    ack
  }
}

/** A control set with its runs; `everyHours`: the QC schedule (the qcEveryHours setting), null for none. */
export function qcSetView(db: Database, name: string, everyHours: number | null = null): QcSetView {
  const set = setRow(db, name)
  const acks = new Map(
    qcAcksOfSet(db, set.id).map((a) => [a.run_id, { person: a.person, note: a.note, at: a.created_at }])
  )
  const runs = qcRunsOfSet(db, set.id).map((r) => runView(r, set, acks.get(r.id) ?? null))
  const expected: Record<string, number> = {}
  for (const it of qcSetItems(db, set.id)) expected[it.expected] = (expected[it.expected] ?? 0) + 1
  return {
    name: set.name,
    folder: set.folder,
    blastClass: set.blast_class,
    expected,
    accuracyTarget: target(set.accuracy_mean, set.accuracy_sd),
    blastTarget: target(set.blast_mean, set.blast_sd),
    runs,
    openAlerts: runs.filter((r) => r.reject && !r.ack).length,
    due: isQcDue(runs.at(-1)?.at ?? null, everyHours, new Date())
  }
}

export function listQcSets(db: Database, everyHours: number | null = null): QcSetView[] {
  return qcSets(db).map((s) => qcSetView(db, s.name, everyHours))
}

export function controlSetOf(db: Database, name: string): { folder: string; items: number } {
  const s = setRow(db, name)
  return { folder: s.folder, items: qcSetItems(db, s.id).length }
}

/** Rejected control runs nobody has acknowledged: while there is one, no result leaves (LIS export, sign-off). */
export function openQcAlerts(db: Database): QcRunView[] {
  return openQcAlertRows(db).map((r) => runView(r, setRow(db, r.set_name), null))
}

export function acknowledgeQcRun(db: Database, runId: number, person: string, note: string): QcRunView {
  const run = qcRun(db, runId)
  if (!run) throw new QcError(`no QC run ${runId} (see \`leukolens qc show NAME\`)`)
  if (!run.reject)
    throw new QcError(`QC run ${runId} broke no rejection rule: there is nothing to acknowledge`)
  if (!person.trim()) throw new QcError('an acknowledgement needs the name of who gives it')
  if (!note.trim()) throw new QcError('an acknowledgement needs a note: what was found and done')
  const set = qcSets(db).find((s) => s.id === run.set_id)!
  if (qcAcksOfSet(db, set.id).some((a) => a.run_id === runId))
    throw new QcError(`QC run ${runId} was acknowledged already`)
  const a = insertQcAck(db, { run_id: runId, person: person.trim(), note: note.trim() })
  return runView(run, set, { person: a.person, note: a.note, at: a.created_at })
}

export function setQcTarget(
  db: Database,
  name: string,
  t: { accuracy?: QcTarget; blast?: QcTarget },
  everyHours: number | null = null
): QcSetView {
  const set = setRow(db, name)
  for (const [m, v] of Object.entries(t))
    if (v && !(v.sd > 0 && Number.isFinite(v.mean)))
      throw new QcError(`a ${m} target needs a mean and an SD above 0`)
  setQcTargets(db, set.id, t)
  return qcSetView(db, name, everyHours)
}

/** Values of a set's runs so far, for a target taken from them. */
export function runValues(db: Database, name: string): { accuracy: number[]; blast: number[] } {
  const runs = qcRunsOfSet(db, setRow(db, name).id)
  return { accuracy: runs.map(accuracyOf), blast: runs.map(blastOf) }
}
