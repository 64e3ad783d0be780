/**
 * The shared store's PostgreSQL side (see ../store.ts): loaded only where a lab's database is configured, so a
 * workstation on its own SQLite file never loads the PostgreSQL client.
 */
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { Store } from '../store'
import type { DB } from '../schema'
import { explainPostgresError, maskDatabaseUrl } from './errors'
import { migratePostgres } from './migrate'
import { numbersAsNumbers, pgClient } from './client'

/**
 * A store over a lab's PostgreSQL database, by URL. Nothing is contacted until the first query, which first brings
 * the database to this build's schema (once per process). A server that cannot be reached or refuses the login is
 * told in one sentence naming the server, never the password.
 */
export function postgresStore(url: string, options: { poolSize?: number } = {}): Store {
  const pool = new (pgClient().Pool)({
    connectionString: url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: numbersAsNumbers }
  })
  // A client that loses its server must not crash the process, idle in the pool or held between two queries of a
  // transaction (node-postgres then emits 'error' on the client itself): the next query reports it.
  pool.on('error', () => undefined)
  pool.on('connect', (client) => void client.on('error', () => undefined))
  const place = maskDatabaseUrl(url)
  let migrated: Promise<unknown> | undefined
  const ready = (): Promise<unknown> =>
    (migrated ??= migrateOnItsOwn(url).catch((err) => {
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
 * The migration runs on a connection of its own: the pool's connections wait for it (onCreateConnection), so
 * taking one of theirs would deadlock a pool whose every connection is being opened at once.
 */
async function migrateOnItsOwn(url: string): Promise<void> {
  const own = new (pgClient().Pool)({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 })
  own.on('error', () => undefined)
  try {
    await migratePostgres(own)
  } finally {
    await own.end().catch(() => undefined)
  }
}
