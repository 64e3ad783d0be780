import type { Database } from 'better-sqlite3'
import { stmt } from './statements'

/** The key-value `settings` table (migration 004). */

/** One stored value; undefined when never set. */
export function getSetting(db: Database, key: string): string | undefined {
  return stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined
}

export function setSetting(db: Database, key: string, value: string): void {
  stmt(
    db,
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
  ).run(key, value, new Date().toISOString())
}

/** Forgets a stored value: the setting falls back to its default. */
export function deleteSetting(db: Database, key: string): void {
  stmt(db, 'DELETE FROM settings WHERE key = ?').run(key)
}
