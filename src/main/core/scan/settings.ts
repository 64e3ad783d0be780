import type { Queries } from '../db/store'
import { DEFAULT_MAX_PIXELS } from '../images/limits'
import { getSetting, setSetting } from '../db/queries/settings'
import { decimalNumber } from '../../../shared/decimal'
import { MAX_MEGAPIXELS } from '../../../shared/names'

export { deleteSetting, getSetting, setSetting } from '../db/queries/settings'

/** The confidence below which a prediction is flagged for a person to look at, unless a setting says otherwise. */
export const DEFAULT_FLAG_THRESHOLD = 0.8
export const FLAG_THRESHOLD_KEY = 'scan.flagThreshold'

export function parseFlagThreshold(text: string, where: string): number {
  // Number('') and Number(' ') are 0: an empty value would silently switch flagging off.
  const v = decimalNumber(text)
  if (!Number.isFinite(v) || v < 0 || v > 1)
    throw new RangeError(`${where}: flag threshold must be a number in [0, 1], got "${text}"`)
  return v
}

export async function getFlagThreshold(q: Queries): Promise<number> {
  const v = await getSetting(q, FLAG_THRESHOLD_KEY)
  return v === undefined ? DEFAULT_FLAG_THRESHOLD : parseFlagThreshold(v, `setting ${FLAG_THRESHOLD_KEY}`)
}

export async function setFlagThreshold(q: Queries, value: number): Promise<void> {
  await setSetting(q, FLAG_THRESHOLD_KEY, String(parseFlagThreshold(String(value), 'flag threshold')))
}

export const MAX_MEGAPIXELS_KEY = 'images.maxMegapixels'
export const DEFAULT_MAX_MEGAPIXELS = DEFAULT_MAX_PIXELS / 1e6

/**
 * Megapixels above which an image is refused from its header: a number in (0, MAX_MEGAPIXELS]. Above it one
 * small compressed file could take gigabytes to decode (an 875 KB PNG of 1000 MP took 2.87 GB).
 */
export function parseMaxMegapixels(text: string, where: string): number {
  const v = decimalNumber(text)
  if (!Number.isFinite(v) || v <= 0 || v > MAX_MEGAPIXELS)
    throw new RangeError(
      `${where}: the pixel limit must be a number of megapixels in (0, ${MAX_MEGAPIXELS}], got "${text}" (a larger image takes gigabytes to decode)`
    )
  return v
}

/** The image pixel limit in pixels (the `images.maxMegapixels` setting, default 50 MP). */
export async function getMaxPixels(q: Queries): Promise<number> {
  const v = await getSetting(q, MAX_MEGAPIXELS_KEY)
  return (
    (v === undefined
      ? DEFAULT_MAX_MEGAPIXELS
      : // A limit stored by an earlier version above today's maximum is read as the maximum.
        parseMaxMegapixels(
          String(Math.min(decimalNumber(v), MAX_MEGAPIXELS)),
          `setting ${MAX_MEGAPIXELS_KEY}`
        )) * 1e6
  )
}

/** Stores the pixel limit (megapixels, checked): scans and imports read it when they start. */
export async function setMaxMegapixels(q: Queries, value: number): Promise<void> {
  await setSetting(q, MAX_MEGAPIXELS_KEY, String(parseMaxMegapixels(String(value), 'maxMegapixels')))
}

export const UNFAMILIAR_LIMIT_KEY = 'samples.unfamiliarLimit'
/**
 * A sample whose share of unfamiliar cells is above this gets no class percentages: what is left would be a
 * differential of the few cells the model knows, not of the sample.
 */
export const DEFAULT_UNFAMILIAR_LIMIT = 0.1

/** A share in [0, 1], written as a fraction (0.1) or a percentage (10%). */
export function parseUnfamiliarLimit(text: string, where: string): number {
  const t = text.trim()
  const percent = t.endsWith('%')
  const v = t === '' || t === '%' ? NaN : Number(percent ? t.slice(0, -1) : t) / (percent ? 100 : 1)
  if (!Number.isFinite(v) || v < 0 || v > 1)
    throw new RangeError(
      `${where}: the unfamiliar-cell limit must be a share from 0 to 1 (or 0% to 100%), got "${text}"`
    )
  return v
}

/** The share of unfamiliar cells above which a sample's result is withheld (default 10%). */
export async function getUnfamiliarLimit(q: Queries): Promise<number> {
  const v = await getSetting(q, UNFAMILIAR_LIMIT_KEY)
  return v === undefined
    ? DEFAULT_UNFAMILIAR_LIMIT
    : parseUnfamiliarLimit(v, `setting ${UNFAMILIAR_LIMIT_KEY}`)
}

export async function setUnfamiliarLimit(q: Queries, value: number): Promise<void> {
  await setSetting(q, UNFAMILIAR_LIMIT_KEY, String(parseUnfamiliarLimit(String(value), 'unfamiliarLimit')))
}
