import type { Database } from 'better-sqlite3'
import { getSetting, setSetting } from '../db/queries/settings'

export { getSetting, setSetting } from '../db/queries/settings'

/** The confidence below which a prediction is flagged for a person to look at, unless a setting says otherwise. */
export const DEFAULT_FLAG_THRESHOLD = 0.8
export const FLAG_THRESHOLD_KEY = 'scan.flagThreshold'

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
