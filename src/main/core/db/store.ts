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
import { Kysely, SqliteDialect, sql } from 'kysely'
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
