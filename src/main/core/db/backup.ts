/**
 * Backups of the database through SQLite's online backup API (better-sqlite3 `db.backup`). The whole file is copied
 * in one step, inside one read transaction: a consistent snapshot while a scan writes (WAL: the writer goes on),
 * which never restarts. A copy in small steps restarts whenever another connection writes between two steps, so
 * under a busy scan it never ended (measured on a 94 MB database with a writer process: 100 pages a step, not done
 * after 60 s; one step, 0.42 s; `VACUUM INTO`, 0.42 s too, but it is refused on a connection that stopped writes
 * after damage, where a copy is still wanted). The source is checked first (`quick_check`); the target is never the
 * live database (backup-target.ts). `checkDatabase` runs `integrity_check` and `foreign_key_check`.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { writeAtomically } from '../files/staging'
import { dirname, join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { Database } from 'better-sqlite3'
import { anchorFileOf, writeAnchor } from '../review/anchor'
import { dbProblem } from './errors'
import { migrate } from './database'
import { BackupError, refuseLiveTarget } from './backup-target'

export { BackupError } from './backup-target'

export interface BackupResult {
  file: string
  bytes: number
  /** What `quick_check` found wrong in the source: the copy holds the same damage (absent when intact). */
  sourceProblems?: string[]
}

export interface BackupOptions {
  /** Refuse a damaged source instead of copying it (the scheduled copies). */
  refuseDamaged?: boolean
  /** Give up when the source cannot be read for this long (locked by another process, a read-only folder). */
  stallMs?: number
}

/** How long a copy may wait for the database before it gives up with a message. */
export const BACKUP_STALL_MS = 30_000

/** Every remaining page in one step (SQLite's maximum): see the module comment for why. */
const ALL_PAGES = 0x7fffffff

/** `quick_check`: the database's pages and b-trees, without the slower index-content comparison. */
export function quickCheck(db: Database): string[] {
  try {
    const rows = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check)
    return rows.length === 1 && rows[0] === 'ok' ? [] : rows
  } catch (err) {
    if (dbProblem(err) === 'corrupt') return [(err as Error).message]
    throw err
  }
}

/**
 * Copies the live database to `file` (written under a temporary name, renamed when complete). Refuses a target
 * that is the live database or one of its files; a damaged source is copied as it is (it may be all there is) and
 * named in `sourceProblems`.
 */
export async function backupDatabase(
  db: Database,
  file: string,
  opts: BackupOptions = {}
): Promise<BackupResult> {
  refuseLiveTarget(db.name, file)
  const stallMs = opts.stallMs ?? BACKUP_STALL_MS
  let problems: string[]
  try {
    problems = quickCheck(db)
  } catch (err) {
    if (/^SQLITE_BUSY/.test((err as { code?: string }).code ?? '')) throw lockedOut(db, file, stallMs)
    throw err
  }
  if (problems.length && opts.refuseDamaged)
    throw new BackupError(
      `${db.name} is damaged (${problems[0]}): no copy was made, so the older copies stay the ones to restore from`
    )
  try {
    mkdirSync(dirname(file), { recursive: true })
  } catch (err) {
    throw cannotWrite(file, err)
  }
  await writeAtomically(file, (tmp) => copyPages(db, tmp, file, stallMs))
  anchorCopy(file)
  return { file, bytes: statSync(file).size, ...(problems.length ? { sourceProblems: problems } : {}) }
}

/**
 * The copy's own audit-log anchor beside it (review/anchor.ts): the copy's review log can be verified later. The
 * copy is opened writable and left in rollback-journal mode, one self-contained file: a read-only open of a WAL
 * file would leave its -wal and -shm behind.
 */
function anchorCopy(file: string): void {
  try {
    const copy = new BetterSqlite3(file, { fileMustExist: true })
    try {
      copy.pragma('journal_mode = DELETE')
      writeAnchor(copy, anchorFileOf(file))
    } finally {
      copy.close()
    }
  } catch {
    // A damaged copy (of a damaged source) may not open: it has no log worth anchoring.
  }
}

const lockedOut = (db: Database, file: string, stallMs: number): BackupError =>
  new BackupError(
    `${file}: no backup was made, the database ${db.name} could not be read for ${Math.round(stallMs / 1000)} s ` +
      '(another process holds it locked, or its folder is read-only); try again when it is free'
  )

async function copyPages(db: Database, tmp: string, file: string, stallMs: number): Promise<void> {
  const stalled = (): BackupError => lockedOut(db, file, stallMs)
  const start = Date.now()
  let remaining = Infinity
  let since = start
  try {
    for (;;) {
      const done = await db.backup(tmp, {
        progress: (p) => {
          // A step that copied nothing: SQLite answered BUSY, and better-sqlite3 would try again for ever.
          if (p.remainingPages < remaining) {
            remaining = p.remainingPages
            since = Date.now()
          } else if (Date.now() - since > stallMs) throw stalled()
          return ALL_PAGES
        }
      })
      // BUSY on the very first step reads as "0 pages left of 0": better-sqlite3 resolves as if done, with no copy.
      if (done.totalPages > 0) return
      rmSync(tmp, { force: true })
      if (Date.now() - start > stallMs) throw stalled()
      await new Promise((r) => setTimeout(r, 50))
    }
  } catch (err) {
    if (err instanceof BackupError) throw err
    throw cannotWrite(file, err)
  }
}

function cannotWrite(file: string, err: unknown): Error {
  const e = err as NodeJS.ErrnoException
  const code = e.code ?? ''
  if (/CANTOPEN|READONLY|IOERR|FULL|EROFS|EACCES|EPERM|ENOSPC/.test(code) || err instanceof TypeError)
    return new BackupError(
      `${file}: no backup was made, its folder cannot be written (${code || e.message}); name a file in a writable folder`,
      { cause: err }
    )
  return err as Error
}

export interface CheckResult {
  ok: boolean
  /** SQLite's own lines: damaged pages and indexes, then rows whose foreign key points nowhere. */
  problems: string[]
  /**
   * Triggers the schema has and this file lacks (dropped): not damage, but the guards that keep the review log
   * append-only (or the path index in step) are gone, so `db check` names them.
   */
  missingTriggers?: string[]
}

/** The triggers of the current schema, from a fresh database migrated to it (so the list never goes stale). */
function schemaTriggers(): string[] {
  const fresh = new BetterSqlite3(':memory:')
  try {
    migrate(fresh)
    return triggerNames(fresh)
  } finally {
    fresh.close()
  }
}

const triggerNames = (db: Database): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all() as string[]

/** Triggers of the schema missing from `db` (empty when all are there). */
export function missingTriggers(db: Database): string[] {
  const present = new Set(triggerNames(db))
  return schemaTriggers().filter((t) => !present.has(t))
}

export function checkDatabase(db: Database): CheckResult {
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check
    )
    const problems = integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity
    const fk = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
    for (const r of fk) problems.push(`${r.table} row ${r.rowid} points to a missing ${r.parent} row`)
    const missing = missingTriggers(db)
    return { ok: problems.length === 0, problems, ...(missing.length ? { missingTriggers: missing } : {}) }
  } catch (err) {
    // So damaged that the check itself cannot read it.
    if (dbProblem(err) === 'corrupt') return { ok: false, problems: [(err as Error).message] }
    throw err
  }
}

const DAILY = /^leukolens-(\d{4}-\d{2}-\d{2})\.db$/

/**
 * The app's scheduled copy: at most one per calendar day (UTC) into `dir`, keeping the newest `keep` of them.
 * Returns the new copy, or undefined when today's exists already. A damaged source gets none: a week of copies of
 * it would push out the good ones a restore needs.
 */
export async function dailyBackup(
  db: Database,
  dir: string,
  opts: { keep: number; now?: Date }
): Promise<BackupResult | undefined> {
  const day = (opts.now ?? new Date()).toISOString().slice(0, 10)
  const file = join(dir, `leukolens-${day}.db`)
  if (existsSync(file)) return undefined
  const result = await backupDatabase(db, file, { refuseDamaged: true })
  const copies = readdirSync(dir)
    .filter((f) => DAILY.test(f))
    .sort()
  for (const old of copies.slice(0, Math.max(0, copies.length - opts.keep))) {
    rmSync(join(dir, old), { force: true })
    rmSync(anchorFileOf(join(dir, old)), { force: true })
  }
  return result
}
