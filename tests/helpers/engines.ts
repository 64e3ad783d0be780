import { afterEach } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import { sqliteStore, type Engine, type Store } from '../../src/main/core/db/store'
import { freshPostgresDatabase as freshDatabase, type FreshPostgresDatabase } from '../support/postgres'
import { TEMPLATE_DATABASE } from '../support/postgres-context'

/** Both engines, for `describe.each(ENGINES)`: every query module's tests run on each. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres']

export { testPostgresUrl } from '../support/postgres'

/** A new database on the test server at the current schema (a copy of the migrated template); its URL. */
export function freshPostgresDatabase(): Promise<FreshPostgresDatabase> {
  return freshDatabase({ template: TEMPLATE_DATABASE })
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
