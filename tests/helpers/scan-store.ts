import type { Database } from 'better-sqlite3'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import type { ScanDbs } from '../../src/main/core/scan/store'

const stores = new WeakMap<Database, Store>()

/** The store over a test's SQLite connection (one per connection), as a service context has it. */
export function storeOf(db: Database): Store {
  let s = stores.get(db)
  if (!s) stores.set(db, (s = sqliteStore(db)))
  return s
}

/** The scan pipeline's two handles over one test database: the store and the file it wraps. */
export function dbsOf(db: Database): ScanDbs {
  return { db, store: storeOf(db) }
}
