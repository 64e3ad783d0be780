import type { Queries } from '../store'

/**
 * SQL of quality control (migration 012; the acknowledgement's audit entry: 020), on either engine: control sets,
 * their reference items, runs and acknowledgements. Runs and acknowledgements are only inserted and read — the
 * tables' triggers refuse UPDATE and DELETE.
 */

export interface QcSetRow {
  id: number
  name: string
  folder: string
  blast_class: string
  accuracy_mean: number | null
  accuracy_sd: number | null
  blast_mean: number | null
  blast_sd: number | null
  created_at: string
}

export interface QcRunRow {
  id: number
  set_id: number
  scan_id: number
  model_id: string
  scored: number
  correct: number
  blasts: number
  missing: number
  rules: string
  reject: number
  created_at: string
}

export interface QcAckRow {
  run_id: number
  person: string
  note: string
  created_at: string
  /** The acknowledgement's entry in the hash-chained audit log; null for one given before migration 020. */
  audit_entry: number | null
}

const SET_COLUMNS = [
  'id',
  'name',
  'folder',
  'blast_class',
  'accuracy_mean',
  'accuracy_sd',
  'blast_mean',
  'blast_sd',
  'created_at'
] as const

const RUN_COLUMNS = [
  'id',
  'set_id',
  'scan_id',
  'model_id',
  'scored',
  'correct',
  'blasts',
  'missing',
  'rules',
  'reject',
  'created_at'
] as const

const ACK_COLUMNS = ['run_id', 'person', 'note', 'created_at', 'audit_entry'] as const

/** A set with its reference items; call inside a write transaction (all or none). */
export async function insertQcSet(
  q: Queries,
  s: { name: string; folder: string; blastClass: string },
  items: readonly { path: string; expected: string }[]
): Promise<number> {
  const { id } = await q
    .insertInto('qc_sets')
    .values({
      name: s.name,
      folder: s.folder,
      blast_class: s.blastClass,
      created_at: new Date().toISOString()
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  // In slices: PostgreSQL takes at most 65,535 parameters in one statement, SQLite 32,766.
  for (let i = 0; i < items.length; i += 1000)
    await q
      .insertInto('qc_set_items')
      .values(items.slice(i, i + 1000).map((it) => ({ set_id: id, path: it.path, expected: it.expected })))
      .execute()
  return id
}

export async function qcSetByName(q: Queries, name: string): Promise<QcSetRow | undefined> {
  return q.selectFrom('qc_sets').select(SET_COLUMNS).where('name', '=', name).executeTakeFirst()
}

export async function qcSetById(q: Queries, id: number): Promise<QcSetRow | undefined> {
  return q.selectFrom('qc_sets').select(SET_COLUMNS).where('id', '=', id).executeTakeFirst()
}

export async function qcSets(q: Queries): Promise<QcSetRow[]> {
  return q.selectFrom('qc_sets').select(SET_COLUMNS).orderBy('name').execute()
}

export async function qcSetItems(q: Queries, setId: number): Promise<{ path: string; expected: string }[]> {
  return q
    .selectFrom('qc_set_items')
    .select(['path', 'expected'])
    .where('set_id', '=', setId)
    .orderBy('path')
    .execute()
}

export async function setQcTargets(
  q: Queries,
  setId: number,
  t: { accuracy?: { mean: number; sd: number }; blast?: { mean: number; sd: number } }
): Promise<void> {
  if (t.accuracy)
    await q
      .updateTable('qc_sets')
      .set({ accuracy_mean: t.accuracy.mean, accuracy_sd: t.accuracy.sd })
      .where('id', '=', setId)
      .execute()
  if (t.blast)
    await q
      .updateTable('qc_sets')
      .set({ blast_mean: t.blast.mean, blast_sd: t.blast.sd })
      .where('id', '=', setId)
      .execute()
}

export async function insertQcRun(q: Queries, r: Omit<QcRunRow, 'id' | 'created_at'>): Promise<QcRunRow> {
  return q
    .insertInto('qc_runs')
    .values({ ...r, created_at: new Date().toISOString() })
    .returning(RUN_COLUMNS)
    .executeTakeFirstOrThrow()
}

/** A set's runs, oldest first. */
export async function qcRunsOfSet(q: Queries, setId: number): Promise<QcRunRow[]> {
  return q.selectFrom('qc_runs').select(RUN_COLUMNS).where('set_id', '=', setId).orderBy('id').execute()
}

export async function qcRun(q: Queries, id: number): Promise<QcRunRow | undefined> {
  return q.selectFrom('qc_runs').select(RUN_COLUMNS).where('id', '=', id).executeTakeFirst()
}

export async function qcAcksOfSet(q: Queries, setId: number): Promise<QcAckRow[]> {
  return q
    .selectFrom('qc_acks as a')
    .innerJoin('qc_runs as r', 'r.id', 'a.run_id')
    .select(ACK_COLUMNS.map((c) => `a.${c}` as const))
    .where('r.set_id', '=', setId)
    .orderBy('a.run_id')
    .execute()
}

export async function qcAckOfRun(q: Queries, runId: number): Promise<QcAckRow | undefined> {
  return q.selectFrom('qc_acks').select(ACK_COLUMNS).where('run_id', '=', runId).executeTakeFirst()
}

export async function insertQcAck(q: Queries, a: QcAckRow): Promise<QcAckRow> {
  return q.insertInto('qc_acks').values(a).returning(ACK_COLUMNS).executeTakeFirstOrThrow()
}

/** Rejected runs with no acknowledgement, oldest first, each with its set. */
export async function openQcAlertRows(q: Queries): Promise<{ run: QcRunRow; set: QcSetRow }[]> {
  const rows = await q
    .selectFrom('qc_runs as r')
    .innerJoin('qc_sets as s', 's.id', 'r.set_id')
    .leftJoin('qc_acks as a', 'a.run_id', 'r.id')
    .select(RUN_COLUMNS.map((c) => `r.${c}` as const))
    .where('r.reject', '=', 1)
    .where('a.run_id', 'is', null)
    .orderBy('r.id')
    .execute()
  const sets = new Map<number, QcSetRow>()
  for (const setId of new Set(rows.map((r) => r.set_id))) {
    const set = await qcSetById(q, setId)
    if (set) sets.set(setId, set)
  }
  return rows.map((run) => ({ run, set: sets.get(run.set_id)! }))
}
