import type { Database } from 'better-sqlite3'

/** The confidence below which a prediction is flagged for a person to look at, unless a setting says otherwise. */
export const DEFAULT_FLAG_THRESHOLD = 0.8
export const FLAG_THRESHOLD_KEY = 'scan.flagThreshold'

/** Reads one value of the key-value `settings` table (migration 004); undefined when never set. */
export function getSetting(db: Database, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value
}

export function setSetting(db: Database, key: string, value: string): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
  ).run(key, value, new Date().toISOString())
}

export function parseFlagThreshold(text: string, where: string): number {
  const v = Number(text)
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`${where}: flag threshold must be a number in [0, 1], got "${text}"`)
  return v
}

export function getFlagThreshold(db: Database): number {
  const v = getSetting(db, FLAG_THRESHOLD_KEY)
  return v === undefined ? DEFAULT_FLAG_THRESHOLD : parseFlagThreshold(v, `setting ${FLAG_THRESHOLD_KEY}`)
}

export function setFlagThreshold(db: Database, value: number): void {
  setSetting(db, FLAG_THRESHOLD_KEY, String(parseFlagThreshold(String(value), 'flag threshold')))
}
