/**
 * The store every converted query module runs on: one Kysely instance over either the workstation's SQLite file
 * (better-sqlite3, the embedded default) or a lab's shared PostgreSQL database (`pg`). A query is written once —
 * with Kysely's builder, or as portable SQL through its `sql` tag — and Kysely compiles it for the engine.
 *
 * On SQLite the store wraps the very connection the synchronous modules use, so both see one database and one
 * transaction state. Inside `write` await only queries: an await on anything else (a file, a timer) would let
 * other work run inside the open transaction.
 */
import type { Database } from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import { explainPostgresError, maskDatabaseUrl } from './postgres/errors'
import { migratePostgres } from './postgres/migrate'
import { numbersAsNumbers } from './postgres/types'
import type { DB } from './schema'

export type Engine = 'sqlite' | 'postgres'

/** A handle queries run on: the store's Kysely, or a transaction of it (which is one too). */
export type Queries = Kysely<DB>

export interface Store {
  readonly engine: Engine
  readonly k: Kysely<DB>
  /** Where it lives, for messages: the file, or the URL with its password masked. */
  readonly place: string
  /** Ends the store; a SQLite store leaves the connection it wraps open for its owner. */
  close(): Promise<void>
}

/** A store over an open SQLite connection (owned, and closed, by the caller). */
export function sqliteStore(db: Database, place = db.name): Store {
  // Kysely closes its database on destroy: hand it a view whose close does nothing, as the caller owns the file.
  const view = { prepare: (text: string) => db.prepare(text), close: () => undefined }
  const k = new Kysely<DB>({ dialect: new SqliteDialect({ database: view }) })
  return { engine: 'sqlite', k, place, close: () => k.destroy() }
}

/**
 * A store over a lab's PostgreSQL database, by URL. Nothing is contacted until the first query, which first brings
 * the database to this build's schema (once per process). A server that cannot be reached or refuses the login is
 * told in one sentence naming the server, never the password.
 */
export function postgresStore(url: string, options: { poolSize?: number } = {}): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: numbersAsNumbers }
  })
  // An idle client that loses its server must not crash the process: the next query reports it.
  pool.on('error', () => undefined)
  const place = maskDatabaseUrl(url)
  let migrated: Promise<unknown> | undefined
  const ready = (): Promise<unknown> =>
    (migrated ??= migratePostgres(pool).catch((err) => {
      migrated = undefined
      throw explainPostgresError(err, place)
    }))
  const k = new Kysely<DB>({
    dialect: new PostgresDialect({ pool, onCreateConnection: async () => void (await ready()) })
  })
  return { engine: 'postgres', k, place, close: () => k.destroy() }
}

/** `postgresStore`, checked: resolves once the database is reachable and at this build's schema. */
export async function openPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<Store> {
  const store = postgresStore(url, options)
  try {
    await sql`SELECT 1`.execute(store.k)
    return store
  } catch (err) {
    await store.close().catch(() => undefined)
    throw explainPostgresError(err, store.place)
  }
}

/**
 * Runs `fn` in one write transaction. SQLite takes the write lock at the start (BEGIN IMMEDIATE), so two processes
 * queue on busy_timeout instead of one failing with "database is locked" when it upgrades a read; PostgreSQL
 * runs a plain transaction (serialise where order matters with `lockFor`).
 */
export async function write<T>(store: Store, fn: (trx: Queries) => Promise<T>): Promise<T> {
  if (store.engine === 'postgres') return store.k.transaction().execute(fn)
  return store.k.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn)
    try {
      const result = await fn(conn)
      await sql`COMMIT`.execute(conn)
      return result
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined)
      throw err
    }
  })
}

/**
 * Serialises one kind of write across every workstation until the transaction ends (an advisory lock on
 * PostgreSQL). On SQLite the write transaction already holds the only write lock, so there is nothing to take.
 */
export async function lockFor(store: Store, trx: Queries, name: string): Promise<void> {
  if (store.engine !== 'postgres') return
  await sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`.execute(trx)
}
