/**
 * Quality control on the store: control sets registered with their reference images, runs scored from the scan
 * that ran them and judged by the Westgard rules, rejected runs held open until a person acknowledges them (an
 * entry of the hash-chained audit log). With a shared database all of it is the lab's: a run on one workstation
 * holds sign-off on every workstation. `openQcAlerts` is what a sign-off checks before it lets a result out.
 */
import { scanFolderPath } from '../scan/files'
import {
  insertQcAck,
  insertQcRun,
  insertQcSet,
  openQcAlertRows,
  qcAckOfRun,
  qcAcksOfSet,
  qcRun,
  qcRunsOfSet,
  qcSetById,
  qcSetByName,
  qcSetItems,
  qcSets,
  setQcTargets,
  type QcAckRow,
  type QcRunRow,
  type QcSetRow
} from '../db/queries/qc'
import { lockFor, write, type Queries, type Store } from '../db/store'
import { anchorStore } from '../review/anchor'
import { REVIEW_LOG_LOCK } from '../review/log'
import { queryHistory } from '../scan/history'
import type { QcAck, QcRunView, QcSetView, QcTarget } from '../../../shared/types/qc'
import { appendQcAckEntry } from './audit'
import type { ControlItem } from './control-set'
import { scoreControlRun, share } from './score'
import { binomialTarget, verdictOfLast, type MeasureSeries } from './series'
import { isQcDue } from './schedule'

export class QcError extends Error {
  override name = 'QcError'
}

const target = (mean: number | null, sd: number | null): QcTarget | null =>
  mean === null || sd === null ? null : { mean, sd }

async function setRow(q: Queries, name: string): Promise<QcSetRow> {
  const s = await qcSetByName(q, name)
  if (!s) throw new QcError(`no control set named "${name}" (see \`leukolens qc list\`)`)
  return s
}

/** Serialises what reads a set's runs and then writes one (a run's verdict rests on the runs before it). */
const setLock = (id: number) => `qc_set:${id}`

export async function addControlSet(
  store: Store,
  s: { name: string; folder: string; blastClass: string },
  items: readonly ControlItem[],
  everyHours: number | null = null
): Promise<QcSetView> {
  // By real path, as scans store their folders: a set named through a link still matches its scans' images.
  const folder = scanFolderPath(s.folder)
  const blasts = items.filter((i) => i.expected === s.blastClass).length
  const t = binomialTarget(blasts, items.length)
  await write(store, async (trx) => {
    await lockFor(store, trx, `qc_set_name:${s.name}`)
    if (await qcSetByName(trx, s.name)) throw new QcError(`a control set named "${s.name}" exists already`)
    const id = await insertQcSet(trx, { ...s, folder }, items)
    if (t.sd > 0) await setQcTargets(trx, id, { blast: t })
  })
  return qcSetView(store.k, s.name, everyHours)
}

const accuracyOf = (r: Pick<QcRunRow, 'correct' | 'scored'>) =>
  r.scored ? (100 * r.correct) / r.scored : NaN
const blastOf = (r: Pick<QcRunRow, 'blasts' | 'scored'>) => (r.scored ? (100 * r.blasts) / r.scored : NaN)

/**
 * Scores a finished scan of the set's folder as a run of the set, judges it against the runs before it and stores
 * it. The runs before are read under the set's lock in the write transaction, so two workstations running the
 * same set at once judge each run against every earlier one.
 */
export async function recordQcRun(
  store: Store,
  name: string,
  scanId: number,
  modelId: string
): Promise<QcRunView> {
  const found = await setRow(store.k, name)
  const items = await qcSetItems(store.k, found.id)
  const predictions = (await queryHistory(store, { scanId })).map((r) => ({
    path: r.path,
    predicted: r.prediction.predicted
  }))
  const score = scoreControlRun(items, predictions, scanFolderPath(found.folder), found.blast_class)
  return write(store, async (trx) => {
    await lockFor(store, trx, setLock(found.id))
    // The targets as they are now (another workstation may have set them since).
    const set = (await qcSetById(trx, found.id))!
    const past = await qcRunsOfSet(trx, set.id)
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
    const row = await insertQcRun(trx, {
      set_id: set.id,
      scan_id: scanId,
      model_id: modelId,
      ...score,
      rules: JSON.stringify(verdict.rules),
      reject: verdict.reject ? 1 : 0
    })
    return runView(row, set, null)
  })
}

const ackView = (a: QcAckRow): QcAck => ({
  person: a.person,
  note: a.note,
  at: a.created_at,
  auditEntry: a.audit_entry
})

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
export async function qcSetView(
  q: Queries,
  name: string,
  everyHours: number | null = null
): Promise<QcSetView> {
  return setView(q, await setRow(q, name), everyHours)
}

async function setView(q: Queries, set: QcSetRow, everyHours: number | null): Promise<QcSetView> {
  const acks = new Map((await qcAcksOfSet(q, set.id)).map((a) => [a.run_id, ackView(a)]))
  const runs = (await qcRunsOfSet(q, set.id)).map((r) => runView(r, set, acks.get(r.id) ?? null))
  const expected: Record<string, number> = {}
  for (const it of await qcSetItems(q, set.id)) expected[it.expected] = (expected[it.expected] ?? 0) + 1
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

export async function listQcSets(q: Queries, everyHours: number | null = null): Promise<QcSetView[]> {
  const out: QcSetView[] = []
  for (const s of await qcSets(q)) out.push(await setView(q, s, everyHours))
  return out
}

export async function controlSetOf(q: Queries, name: string): Promise<{ folder: string; items: number }> {
  const s = await setRow(q, name)
  return { folder: s.folder, items: (await qcSetItems(q, s.id)).length }
}

/** Rejected control runs nobody has acknowledged: while there is one, no result leaves (LIS export, sign-off). */
export async function openQcAlerts(q: Queries): Promise<QcRunView[]> {
  return (await openQcAlertRows(q)).map(({ run, set }) => runView(run, set, null))
}

/**
 * Acknowledges a rejected run: the acknowledgement and its entry in the audit log's hash chain in one write
 * transaction under the log's lock, so two people acknowledging one run at once make one acknowledgement and the
 * second is told it was given.
 */
export async function acknowledgeQcRun(
  store: Store,
  runId: number,
  person: string,
  note: string
): Promise<QcRunView> {
  const who = person.trim()
  const why = note.trim()
  const view = await write(store, async (trx) => {
    // The log's lock first: an acknowledgement given meanwhile on another workstation is seen below.
    await lockFor(store, trx, REVIEW_LOG_LOCK)
    const run = await qcRun(trx, runId)
    if (!run) throw new QcError(`no QC run ${runId} (see \`leukolens qc show NAME\`)`)
    if (!run.reject)
      throw new QcError(`QC run ${runId} broke no rejection rule: there is nothing to acknowledge`)
    if (!who) throw new QcError('an acknowledgement needs the name of who gives it')
    if (!why) throw new QcError('an acknowledgement needs a note: what was found and done')
    if (await qcAckOfRun(trx, runId)) throw new QcError(`QC run ${runId} was acknowledged already`)
    const set = (await qcSetById(trx, run.set_id))!
    const entry = await appendQcAckEntry(store, trx, {
      runId,
      setName: set.name,
      scanId: run.scan_id,
      rules: JSON.parse(run.rules) as string[],
      person: who,
      note: why
    })
    const a = await insertQcAck(trx, {
      run_id: runId,
      person: who,
      note: why,
      created_at: entry.createdAt,
      audit_entry: entry.id
    })
    return runView(run, set, ackView(a))
  })
  // The anchor outside the database (review/anchor.ts) once the entry is committed.
  await anchorStore(store)
  return view
}

export async function setQcTarget(
  store: Store,
  name: string,
  t: { accuracy?: QcTarget; blast?: QcTarget },
  everyHours: number | null = null
): Promise<QcSetView> {
  for (const [m, v] of Object.entries(t))
    if (v && !(v.sd > 0 && Number.isFinite(v.mean)))
      throw new QcError(`a ${m} target needs a mean and an SD above 0`)
  await write(store, async (trx) => {
    const set = await setRow(trx, name)
    await lockFor(store, trx, setLock(set.id))
    await setQcTargets(trx, set.id, t)
  })
  return qcSetView(store.k, name, everyHours)
}

/** Values of a set's runs so far, for a target taken from them. */
export async function runValues(q: Queries, name: string): Promise<{ accuracy: number[]; blast: number[] }> {
  const runs = await qcRunsOfSet(q, (await setRow(q, name)).id)
  return { accuracy: runs.map(accuracyOf), blast: runs.map(blastOf) }
}
