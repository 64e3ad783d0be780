import type { Database } from 'better-sqlite3'
import { stmt } from './statements'

/** SQL of quality control (migration 012): control sets, their reference items, runs and acknowledgements. */

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
}

export function insertQcSet(
  db: Database,
  s: { name: string; folder: string; blastClass: string },
  items: readonly { path: string; expected: string }[]
): number {
  return db.transaction(() => {
    const id = Number(
      stmt(db, 'INSERT INTO qc_sets (name, folder, blast_class, created_at) VALUES (?, ?, ?, ?)').run(
        s.name,
        s.folder,
        s.blastClass,
        new Date().toISOString()
      ).lastInsertRowid
    )
    const add = stmt(db, 'INSERT INTO qc_set_items (set_id, path, expected) VALUES (?, ?, ?)')
    for (const it of items) add.run(id, it.path, it.expected)
    return id
  })()
}

export function qcSetByName(db: Database, name: string): QcSetRow | undefined {
  return stmt(db, 'SELECT * FROM qc_sets WHERE name = ?').get(name) as QcSetRow | undefined
}

export function qcSets(db: Database): QcSetRow[] {
  return stmt(db, 'SELECT * FROM qc_sets ORDER BY name').all() as QcSetRow[]
}

export function qcSetItems(db: Database, setId: number): { path: string; expected: string }[] {
  return stmt(db, 'SELECT path, expected FROM qc_set_items WHERE set_id = ? ORDER BY path').all(setId) as {
    path: string
    expected: string
  }[]
}

export function setQcTargets(
  db: Database,
  setId: number,
  t: { accuracy?: { mean: number; sd: number }; blast?: { mean: number; sd: number } }
): void {
  if (t.accuracy)
    stmt(db, 'UPDATE qc_sets SET accuracy_mean = ?, accuracy_sd = ? WHERE id = ?').run(
      t.accuracy.mean,
      t.accuracy.sd,
      setId
    )
  if (t.blast)
    stmt(db, 'UPDATE qc_sets SET blast_mean = ?, blast_sd = ? WHERE id = ?').run(
      t.blast.mean,
      t.blast.sd,
      setId
    )
}

export function insertQcRun(db: Database, r: Omit<QcRunRow, 'id' | 'created_at'>): QcRunRow {
  const created = new Date().toISOString()
  const id = Number(
    stmt(
      db,
      `INSERT INTO qc_runs (set_id, scan_id, model_id, scored, correct, blasts, missing, rules, reject, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      r.set_id,
      r.scan_id,
      r.model_id,
      r.scored,
      r.correct,
      r.blasts,
      r.missing,
      r.rules,
      r.reject,
      created
    ).lastInsertRowid
  )
  return { ...r, id, created_at: created }
}

/** A set's runs, oldest first. */
export function qcRunsOfSet(db: Database, setId: number): QcRunRow[] {
  return stmt(db, 'SELECT * FROM qc_runs WHERE set_id = ? ORDER BY id').all(setId) as QcRunRow[]
}

export function qcRun(db: Database, id: number): QcRunRow | undefined {
  return stmt(db, 'SELECT * FROM qc_runs WHERE id = ?').get(id) as QcRunRow | undefined
}

export function qcAcksOfSet(db: Database, setId: number): QcAckRow[] {
  return stmt(
    db,
    'SELECT a.* FROM qc_acks a JOIN qc_runs r ON r.id = a.run_id WHERE r.set_id = ? ORDER BY a.run_id'
  ).all(setId) as QcAckRow[]
}

export function insertQcAck(db: Database, a: Omit<QcAckRow, 'created_at'>): QcAckRow {
  const created = new Date().toISOString()
  stmt(db, 'INSERT INTO qc_acks (run_id, person, note, created_at) VALUES (?, ?, ?, ?)').run(
    a.run_id,
    a.person,
    a.note,
    created
  )
  return { ...a, created_at: created }
}

/** Rejected runs with no acknowledgement, oldest first, with their set's name. */
export function openQcAlertRows(db: Database): (QcRunRow & { set_name: string })[] {
  return stmt(
    db,
    `SELECT r.*, s.name AS set_name FROM qc_runs r JOIN qc_sets s ON s.id = r.set_id
     LEFT JOIN qc_acks a ON a.run_id = r.id
     WHERE r.reject = 1 AND a.run_id IS NULL ORDER BY r.id`
  ).all() as (QcRunRow & { set_name: string })[]
}
