/**
 * Scheduled quality control: with the `qc.everyHours` setting, a control set whose newest run is older than that
 * (or that never ran) is due. Nothing runs by itself: Home says "QC due" and `leukolens qc run --due` runs those
 * due, so a lab can call it from its own scheduler (cron, Task Scheduler) at the start of a shift.
 */
import type { Queries } from '../db/store'
import { deleteSetting, getSetting, setSetting } from '../db/queries/settings'

export const QC_EVERY_HOURS_KEY = 'qc.everyHours'
/** A year: beyond that a schedule says nothing a lab would mean. */
export const MAX_QC_EVERY_HOURS = 24 * 366

export function parseQcEveryHours(text: string, where: string): number {
  const v = Number(text.trim())
  if (!text.trim() || !Number.isFinite(v) || v <= 0 || v > MAX_QC_EVERY_HOURS)
    throw new RangeError(
      `${where}: QC every how many hours — a number above 0 and at most ${MAX_QC_EVERY_HOURS}, got "${text}"`
    )
  return v
}

/** Hours between control runs; null: no schedule (nothing is ever due). */
export async function getQcEveryHours(q: Queries): Promise<number | null> {
  const v = await getSetting(q, QC_EVERY_HOURS_KEY)
  return v === undefined ? null : parseQcEveryHours(v, `setting ${QC_EVERY_HOURS_KEY}`)
}

export async function setQcEveryHours(q: Queries, hours: number | null): Promise<void> {
  if (hours === null) await deleteSetting(q, QC_EVERY_HOURS_KEY)
  else await setSetting(q, QC_EVERY_HOURS_KEY, String(parseQcEveryHours(String(hours), 'qcEveryHours')))
}

/** Whether a control set with this newest run (ISO time, or null: never ran) is due at `now`. */
export function isQcDue(lastRunAt: string | null, everyHours: number | null, now: Date): boolean {
  if (everyHours === null) return false
  if (lastRunAt === null) return true
  return now.getTime() - new Date(lastRunAt).getTime() >= everyHours * 3_600_000
}
