import type { Database } from 'better-sqlite3'
import { sqliteStore } from '../../src/main/core/db/store'
import { appendReview, type NewReview } from '../../src/main/core/review/log'

/** A review appended to a SQLite file the test opened itself (through a store over that same connection). */
export function reviewOn(db: Database, r: NewReview): ReturnType<typeof appendReview> {
  return appendReview(sqliteStore(db), r)
}
