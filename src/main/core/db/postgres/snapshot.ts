/**
 * Backups of a shared PostgreSQL database as a file a lab keeps: a SQLite database of the same schema, written from
 * one consistent snapshot of the server (a read-only REPEATABLE READ transaction), so every row of one moment is in
 * it whatever the workstations write meanwhile. The same file opens as a workstation database, and `restore` loads
 * it into an empty PostgreSQL database. (The npm PostgreSQL has no pg_dump, and a lab's own pg_dump may be older
 * than the server; a SQLite copy needs neither.)
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { openDatabase, type Database } from '../database'
import { explainPostgresError, maskDatabaseUrl } from './errors'
import { migratePostgres } from './migrate'
import { numbersAsNumbers, pgClient } from './client'

/** Rows read or written per round trip: memory stays bounded whatever the table's size. */
const BATCH = 2000

export interface SnapshotResult {
  file: string
  bytes: number
  /** Rows copied per table. */
  rows: Record<string, number>
}

/** The tables both engines hold (SQLite's own and its full-text index's shadow tables left out). */
function sharedTables(db: Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'scan_item_paths%' ORDER BY name"
      )
      .pluck()
      .all() as string[]
  ).filter((t) => t !== 'schema_version')
}

function columnsOf(db: Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
}

/** Whether the table's key is an integer `id` (an identity on PostgreSQL, whose sequence a restore moves on). */
function integerId(db: Database, table: string): boolean {
  const cols = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; pk: number }[]
  return cols.some((c) => c.name === 'id' && c.pk === 1 && c.type.toUpperCase() === 'INTEGER')
}

/** Keyset order for paging: the primary key's columns. */
function keyOf(db: Database, table: string): string[] {
  const cols = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number }[]
  const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
  return pk.length ? pk.map((c) => c.name) : cols.map((c) => c.name)
}

/** Copies the database at `url` into a new SQLite file `file` (written beside it, renamed into place when whole). */
export async function snapshotPostgres(url: string, file: string): Promise<SnapshotResult> {
  if (existsSync(file)) throw new Error(`${file} already exists: choose a new file for the backup.`)
  const partial = `${file}.${process.pid}.tmp`
  const client = new (pgClient().Client)({
    connectionString: url,
    types: { getTypeParser: numbersAsNumbers }
  })
  const place = maskDatabaseUrl(url)
  try {
    await client.connect()
  } catch (err) {
    throw explainPostgresError(err, place)
  }
  const out = openDatabase(partial)
  const rows: Record<string, number> = {}
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    out.pragma('foreign_keys = OFF')
    for (const table of sharedTables(out)) {
      const cols = columnsOf(out, table)
      const key = keyOf(out, table)
      const insert = out.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
      )
      const write = out.transaction((batch: Record<string, unknown>[]) => {
        for (const r of batch) insert.run(cols.map((c) => toSqlite(r[c])))
      })
      rows[table] = 0
      for (let offset = 0; ; offset += BATCH) {
        const r = await client.query(
          `SELECT ${cols.join(', ')} FROM ${table} ORDER BY ${key.join(', ')} LIMIT ${BATCH} OFFSET ${offset}`
        )
        write(r.rows)
        rows[table] += r.rows.length
        if (r.rows.length < BATCH) break
      }
    }
    await client.query('COMMIT')
    const problems = out.pragma('foreign_key_check') as unknown[]
    if (problems.length)
      throw new Error(`the copy of ${place} has ${problems.length} rows whose reference is missing`)
    out.close()
    renameSync(partial, file)
    return { file, bytes: statSync(file).size, rows }
  } catch (err) {
    if (out.open) out.close()
    rmSync(partial, { force: true })
    rmSync(`${partial}-wal`, { force: true })
    rmSync(`${partial}-shm`, { force: true })
    throw err
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Loads a backup file (a workstation database or a snapshot) into an EMPTY PostgreSQL database at `url`, in one
 * transaction: either all of it arrives or nothing does. A database that already holds rows is refused.
 */
export async function restoreIntoPostgres(file: string, url: string): Promise<Record<string, number>> {
  if (!existsSync(file)) throw new Error(`${file} does not exist.`)
  const source = openDatabase(file, { readonly: true })
  const pool = new (pgClient().Pool)({ connectionString: url, max: 1 })
  const place = maskDatabaseUrl(url)
  const rows: Record<string, number> = {}
  try {
    await migratePostgres(pool).catch((err) => {
      throw explainPostgresError(err, place)
    })
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      for (const table of sharedTables(source)) {
        const any = await client.query(`SELECT 1 FROM ${table} LIMIT 1`)
        if (any.rowCount)
          throw new Error(`${place} already holds data (table ${table}): restore into an empty database.`)
      }
      // Foreign keys are checked at commit, so tables load in any order.
      await client.query('SET CONSTRAINTS ALL DEFERRED')
      for (const table of sharedTables(source)) {
        const cols = columnsOf(source, table)
        rows[table] = 0
        let batch: unknown[][] = []
        const flush = async (): Promise<void> => {
          if (!batch.length) return
          const values = batch
            .map((_, i) => `(${cols.map((__, j) => `$${i * cols.length + j + 1}`).join(', ')})`)
            .join(', ')
          await client.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values}`, batch.flat())
          rows[table] += batch.length
          batch = []
        }
        for (const r of source
          .prepare(`SELECT ${cols.join(', ')} FROM ${table}`)
          .raw()
          .iterate() as Iterable<unknown[]>) {
          batch.push(r)
          if (batch.length >= Math.floor(BATCH / Math.max(1, cols.length / 10))) await flush()
        }
        await flush()
        if (integerId(source, table)) {
          // Identities continue after the restored ids.
          await client
            .query(
              `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1), (SELECT max(id) IS NOT NULL FROM ${table}))`
            )
            .catch(() => undefined)
        }
      }
      await client.query('COMMIT')
      return rows
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      client.release()
    }
  } finally {
    source.close()
    await pool.end().catch(() => undefined)
  }
}

function toSqlite(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0
  return v
}
