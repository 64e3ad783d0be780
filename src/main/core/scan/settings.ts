import type { Database } from 'better-sqlite3'
import { DEFAULT_MAX_PIXELS } from '../images/limits'
import { getSetting, setSetting } from '../db/queries/settings'

export { deleteSetting, getSetting, setSetting } from '../db/queries/settings'

/** The confidence below which a prediction is flagged for a person to look at, unless a setting says otherwise. */
export const DEFAULT_FLAG_THRESHOLD = 0.8
export const FLAG_THRESHOLD_KEY = 'scan.flagThreshold'

export function parseFlagThreshold(text: string, where: string): number {
  // Number('') and Number(' ') are 0: an empty value would silently switch flagging off.
  const v = text.trim() === '' ? NaN : Number(text)
  if (!Number.isFinite(v) || v < 0 || v > 1)
    throw new RangeError(`${where}: flag threshold must be a number in [0, 1], got "${text}"`)
  return v
}

export function getFlagThreshold(db: Database): number {
  const v = getSetting(db, FLAG_THRESHOLD_KEY)
  return v === undefined ? DEFAULT_FLAG_THRESHOLD : parseFlagThreshold(v, `setting ${FLAG_THRESHOLD_KEY}`)
}

export function setFlagThreshold(db: Database, value: number): void {
  setSetting(db, FLAG_THRESHOLD_KEY, String(parseFlagThreshold(String(value), 'flag threshold')))
}

export const MAX_MEGAPIXELS_KEY = 'images.maxMegapixels'
export const DEFAULT_MAX_MEGAPIXELS = DEFAULT_MAX_PIXELS / 1e6

/** Megapixels above which an image is refused from its header: a number in (0, 1000]. */
export function parseMaxMegapixels(text: string, where: string): number {
  const v = text.trim() === '' ? NaN : Number(text)
  if (!Number.isFinite(v) || v <= 0 || v > 1000)
    throw new RangeError(
      `${where}: the pixel limit must be a number of megapixels in (0, 1000], got "${text}"`
    )
  return v
}

/** The image pixel limit in pixels (the `images.maxMegapixels` setting, default 50 MP). */
export function getMaxPixels(db: Database): number {
  const v = getSetting(db, MAX_MEGAPIXELS_KEY)
  return (
    (v === undefined ? DEFAULT_MAX_MEGAPIXELS : parseMaxMegapixels(v, `setting ${MAX_MEGAPIXELS_KEY}`)) * 1e6
  )
}

/** Stores the pixel limit (megapixels, checked): scans and imports read it when they start. */
export function setMaxMegapixels(db: Database, value: number): void {
  setSetting(db, MAX_MEGAPIXELS_KEY, String(parseMaxMegapixels(String(value), 'maxMegapixels')))
}
