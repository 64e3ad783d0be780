import BetterSqlite3 from 'better-sqlite3'
import type { Database } from 'better-sqlite3'
import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { explainDbError } from './errors'
import { MIGRATIONS } from './migrations'
import type { Migration } from './migration'

export type { Database }

export class NewerDatabaseError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `${file} was written by a newer version of Leukolens (schema ${found}; this version knows up to ${known}). ` +
        'Update Leukolens to open it; the file was left untouched.'
    )
    this.name = 'NewerDatabaseError'
  }
}

/** Highest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS.length ? MIGRATIONS[MIGRATIONS.length - 1].version : 0

/**
 * Applies every migration above the database's `user_version` in one transaction: either the
 * database reaches the current schema or it stays exactly as it was.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  file = 'database'
): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0
  if (current > latest) throw new NewerDatabaseError(file, current, latest)
  const pending = migrations.filter((m) => m.version > current)
  if (!pending.length) return current
  db.transaction(() => {
    for (const m of pending) {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }
  })()
  return latest
}

/**
 * Opens (creating if needed) a Leukolens database with WAL, foreign keys and the current schema. A database from a
 * newer version is recognised through a read-only connection first, so it is refused without any change (not even
 * the switch to WAL). Storage failures (damaged file, read-only or full folder) are told with the file's name.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Database {
  if (file !== ':memory:' && !options.readonly) refuseNewer(file)
  let db: Database
  try {
    db = new BetterSqlite3(file, { readonly: options.readonly ?? false })
  } catch (err) {
    throw explainDbError(err, file, { folderWritable: folderWritable(file) })
  }
  try {
    if (file !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    if (!options.readonly) migrate(db, MIGRATIONS, file)
    return db
  } catch (err) {
    db.close()
    throw explainDbError(err, file, { folderWritable: folderWritable(file) })
  }
}

function folderWritable(file: string): boolean {
  if (file === ':memory:') return true
  try {
    accessSync(dirname(file), constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** The schema version of an existing file, read without writing to it; a newer one is a NewerDatabaseError. */
function refuseNewer(file: string): void {
  if (!existsSync(file)) return
  let found: number
  try {
    const ro = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
    try {
      found = ro.pragma('user_version', { simple: true }) as number
    } finally {
      ro.close()
    }
  } catch {
    return // unreadable here: the writable open below says why, with the file's name
  }
  if (found > SCHEMA_VERSION) throw new NewerDatabaseError(file, found, SCHEMA_VERSION)
}
