/**
 * After SQLite reports a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) or `integrity_check` fails, Leukolens stops
 * writing to it: writing on into a damaged b-tree can spread the damage to pages that were still good and hides
 * how much a backup has to bring back. The connection is switched to `query_only` (SQLite itself then refuses
 * every write, whatever code path tries one; reads, exports and `db backup` still work), and a marker file beside
 * the database keeps every later process — the next command, the app's next start — from writing too, until
 * `leukolens db check` finds the file intact again (after a restore).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { DataDir } from '../paths'
import { DatabaseStorageError, dbProblem } from './errors'

/** The marker beside the database: `leukolens.db-damaged`, holding the first error that told of the damage. */
export const damageMarker = (dbFile: string): string => `${dbFile}-damaged`

/** Where the damage was seen, and where the copies to restore from are. */
export interface DamageScope {
  file: string
  backups: string
}

/** The data folder's database and its `backups/` folder (the daily copies and `db backup`'s default). */
export const damageScope = (dirs: DataDir): DamageScope => ({
  file: dirs.db,
  backups: join(dirs.root, 'backups')
})

export class DatabaseDamagedError extends Error {
  override name = 'DatabaseDamagedError'
  constructor(scope: DamageScope, reason: string, cause?: unknown) {
    super(
      `${scope.file} is damaged (${reason}), so Leukolens no longer writes to it: restore a copy from ${scope.backups} ` +
        '(or one made with `leukolens db backup`) as the README\'s "Backups" section says, then run `leukolens db check`.',
      { cause }
    )
  }
}

/** The recorded reason when the database was found damaged (by this process or an earlier one), else undefined. */
export function recordedDamage(dbFile: string): string | undefined {
  try {
    return readFileSync(damageMarker(dbFile), 'utf8').trim() || 'damage recorded earlier'
  } catch {
    return undefined
  }
}

/** Refuses every later write on `db` and records why beside the file. */
export function stopWrites(db: Database | undefined, dbFile: string, reason: string): void {
  if (db?.open) db.pragma('query_only = ON')
  if (recordedDamage(dbFile) !== undefined) return
  try {
    writeFileSync(damageMarker(dbFile), `${reason}\n`)
  } catch {
    // A folder that cannot take the marker cannot take database writes either; this process still refuses them.
  }
}

/** After `db check` found the file intact (a restored copy): writes are allowed again. */
export function clearDamage(db: Database, dbFile: string): void {
  rmSync(damageMarker(dbFile), { force: true })
  db.pragma('query_only = OFF')
}

/** The connection of a database found damaged earlier refuses writes from its first statement on. */
export function refuseWritesIfDamaged(db: Database, dbFile: string): void {
  if (recordedDamage(dbFile) !== undefined) db.pragma('query_only = ON')
}

/**
 * Where every failure of a call or a command passes: a corruption error stops all writes and becomes the one
 * sentence that says so; a write refused because of damage found earlier says the same (SQLite alone would call
 * the file read-only). Any other error is returned unchanged.
 */
export function afterFailure(db: Database | undefined, scope: DamageScope, err: unknown): unknown {
  if (err instanceof DatabaseDamagedError) return err
  const chain = causes(err)
  const corrupt = chain.find((e) => problemOf(e) === 'corrupt')
  if (corrupt) {
    const reason = firstLine(corrupt)
    stopWrites(db, scope.file, reason)
    return new DatabaseDamagedError(scope, reason, err)
  }
  const recorded = recordedDamage(scope.file)
  if (recorded !== undefined && chain.some((e) => problemOf(e) === 'readonly'))
    return new DatabaseDamagedError(scope, recorded, err)
  return err
}

/** True when `err` (or one of its causes) is SQLite calling the file damaged: nothing more may be written to it. */
export function isCorruption(err: unknown): boolean {
  return causes(err).some((e) => problemOf(e) === 'corrupt')
}

function problemOf(e: unknown) {
  return e instanceof DatabaseStorageError ? e.problem : dbProblem(e)
}

function causes(err: unknown): unknown[] {
  const out: unknown[] = []
  for (let e = err; e !== undefined && e !== null && out.length < 8; e = (e as Error).cause) out.push(e)
  return out
}

function firstLine(e: unknown): string {
  const cause = e instanceof DatabaseStorageError ? e.cause : e
  return ((cause as Error)?.message ?? String(cause)).split('\n')[0]
}
