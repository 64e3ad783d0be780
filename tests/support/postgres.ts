/**
 * PostgreSQL for tests: the one server the global setup (tests/setup/postgres.ts) starts for the whole run, and a
 * fresh database on it for each test that needs one.
 *
 *   const db = await freshPostgresDatabase()   // CREATE DATABASE t_…; db.url connects to it
 *   try { … } finally { await db.drop() }      // DROP DATABASE … WITH (FORCE): open connections are ended
 *
 * Each call makes a database no other test sees, so tests never share rows or schema.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { TEST_POSTGRES_URL_ENV } from './postgres-context'

export interface FreshPostgresDatabase {
  /** postgres://postgres:…@127.0.0.1:PORT/NAME — the superuser, on this database. */
  url: string
  /** The database's name (`t_`, this process's id and random characters). */
  name: string
  /** Drops the database, ending any connection still open to it; a second call does nothing. */
  drop(): Promise<void>
}

/**
 * The test server's superuser URL without a database (`postgres://postgres:…@127.0.0.1:PORT`; append `/NAME`).
 * Inside a test file it comes from vitest's `inject`, elsewhere (a process a test started) from the environment.
 */
export function testPostgresUrl(): string {
  let url: string | undefined
  try {
    url = inject('postgresUrl')
  } catch {
    // Not inside a vitest worker.
  }
  url ??= process.env[TEST_POSTGRES_URL_ENV]
  if (!url)
    throw new Error(
      "no test PostgreSQL: tests/setup/postgres.ts must be among vitest's globalSetup files (vitest.config.ts)"
    )
  return url
}

async function asAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${testPostgresUrl()}/postgres` })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/**
 * A new database for one test: empty, or a copy of `template` (a database some setup prepared, e.g. one at the
 * current schema; it must have no open connections while it is copied).
 */
export async function freshPostgresDatabase(
  options: { template?: string } = {}
): Promise<FreshPostgresDatabase> {
  const name = `t_${process.pid}_${randomBytes(6).toString('hex')}`
  await asAdmin((c) =>
    c.query(
      `create database ${c.escapeIdentifier(name)}` +
        (options.template ? ` template ${c.escapeIdentifier(options.template)}` : '')
    )
  )
  let dropped = false
  return {
    url: `${testPostgresUrl()}/${name}`,
    name,
    drop: async () => {
      if (dropped) return
      dropped = true
      await asAdmin((c) => c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`))
    }
  }
}
