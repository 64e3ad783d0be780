import type { Database } from 'better-sqlite3'

/** One numbered schema step. `version` is the `PRAGMA user_version` the database has after it. */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
  /**
   * The same step for a shared PostgreSQL database. Steps up to the PostgreSQL baseline (12) have none: a new shared
   * database starts from the baseline. Every later step must have one, so both engines keep one history.
   */
  postgres?: string
}
