import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterEach } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { postgresStore, sqliteStore, type Engine, type Store } from '../../src/main/core/db/store'

/** Both engines, for `describe.each(ENGINES)`: every query module's tests run on each. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres']

/** The test run's PostgreSQL server (tests/setup/postgres.ts), as an admin URL without a database. */
export function testPostgresUrl(): string {
  const url = process.env.LEUKOLENS_TEST_POSTGRES_URL
  if (!url)
    throw new Error(
      'LEUKOLENS_TEST_POSTGRES_URL is not set: run the tests through vitest (its global setup starts PostgreSQL)'
    )
  return url
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `${testPostgresUrl()}/postgres` })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** A new database on the test server at the current schema (a copy of the migrated template); its URL. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE leukolens_template`))
  return {
    url: `${testPostgresUrl()}/${name}`,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined)
  }
}

/**
 * A fresh, empty store of the engine per call (SQLite in memory, or a new PostgreSQL database), closed and dropped
 * after the test.
 */
export function useStores(engine: Engine): () => Promise<Store> {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!()
  })
  return async () => {
    if (engine === 'sqlite') {
      const db = openDatabase(':memory:')
      const store = sqliteStore(db, ':memory:')
      cleanups.push(async () => {
        await store.close()
        db.close()
      })
      return store
    }
    const database = await freshPostgresDatabase()
    const store = postgresStore(database.url)
    cleanups.push(async () => {
      await store.close()
      await database.drop()
    })
    return store
  }
}
