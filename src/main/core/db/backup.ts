/**
 * Backups of the database through SQLite's online backup API (better-sqlite3 `db.backup`): the copy is a
 * consistent snapshot even while a scan writes, page by page, without stopping the writer. `checkDatabase` runs
 * `integrity_check` and `foreign_key_check`: what to run before trusting a database, or a backup, again.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { writeAtomically } from '../files/staging'
import { dirname, join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { dbProblem } from './errors'

export interface BackupResult {
  file: string
  bytes: number
}

/** Copies the live database to `file` (written under a temporary name, renamed when complete). */
export async function backupDatabase(db: Database, file: string): Promise<BackupResult> {
  mkdirSync(dirname(file), { recursive: true })
  await writeAtomically(file, async (tmp) => {
    await db.backup(tmp)
  })
  return { file, bytes: statSync(file).size }
}

export interface CheckResult {
  ok: boolean
  /** SQLite's own lines: damaged pages and indexes, then rows whose foreign key points nowhere. */
  problems: string[]
}

export function checkDatabase(db: Database): CheckResult {
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check
    )
    const problems = integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity
    const fk = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
    for (const r of fk) problems.push(`${r.table} row ${r.rowid} points to a missing ${r.parent} row`)
    return { ok: problems.length === 0, problems }
  } catch (err) {
    // So damaged that the check itself cannot read it.
    if (dbProblem(err) === 'corrupt') return { ok: false, problems: [(err as Error).message] }
    throw err
  }
}

const DAILY = /^leukolens-(\d{4}-\d{2}-\d{2})\.db$/

/**
 * The app's scheduled copy: at most one per calendar day (UTC) into `dir`, keeping the newest `keep` of them.
 * Returns the new copy, or undefined when today's exists already.
 */
export async function dailyBackup(
  db: Database,
  dir: string,
  opts: { keep: number; now?: Date }
): Promise<BackupResult | undefined> {
  const day = (opts.now ?? new Date()).toISOString().slice(0, 10)
  const file = join(dir, `leukolens-${day}.db`)
  if (existsSync(file)) return undefined
  const result = await backupDatabase(db, file)
  const copies = readdirSync(dir)
    .filter((f) => DAILY.test(f))
    .sort()
  for (const old of copies.slice(0, Math.max(0, copies.length - opts.keep)))
    rmSync(join(dir, old), { force: true })
  return result
}
