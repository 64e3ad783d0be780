import type { Database, Statement } from 'better-sqlite3'

const cache = new WeakMap<Database, Map<string, Statement>>()

/**
 * A prepared statement, prepared once per connection and reused: the import and the scan run some of these
 * thousands of times, and the History page's statements serve every page turn.
 */
export function stmt(db: Database, sql: string): Statement {
  let forDb = cache.get(db)
  if (!forDb) cache.set(db, (forDb = new Map()))
  let s = forDb.get(sql)
  if (!s) forDb.set(sql, (s = db.prepare(sql)))
  return s
}
