import { sql } from 'kysely'
import type { UnreadableFile } from '../../../../shared/types/scan'
import type { CellOutcome } from '../../cells/sample-counts'
import type { Queries } from '../store'

/**
 * What a scan's summary counts, read on either engine: the files it recorded, per class, flagged, unfamiliar and
 * unreadable, and each file's outcome (the newest review counts over the model's label) for the scan as one
 * sample. A queued scan is summarised from here by whichever process follows it.
 */

export interface ScanItemCounts {
  files: number
  classified: number
  unreadable: number
  flagged: number
  unfamiliar: number
  countsByClass: Record<string, number>
}

export async function scanItemCounts(q: Queries, scanId: number): Promise<ScanItemCounts> {
  const c = await q
    .selectFrom('scan_items as i')
    .leftJoin('predictions as p', 'p.id', 'i.prediction_id')
    .select([
      sql<number>`count(*)`.as('files'),
      sql<number>`count(i.prediction_id)`.as('classified'),
      sql<number>`count(i.error)`.as('unreadable'),
      sql<number>`coalesce(sum(p.flagged), 0)`.as('flagged'),
      sql<number>`coalesce(sum(CASE WHEN p.ood = 1 THEN 1 ELSE 0 END), 0)`.as('unfamiliar')
    ])
    .where('i.scan_id', '=', scanId)
    .executeTakeFirstOrThrow()
  const byClass = await q
    .selectFrom('scan_items as i')
    .innerJoin('predictions as p', 'p.id', 'i.prediction_id')
    .select(['p.predicted', sql<number>`count(*)`.as('n')])
    .where('i.scan_id', '=', scanId)
    .groupBy('p.predicted')
    .orderBy('p.predicted')
    .execute()
  return {
    files: Number(c.files),
    classified: Number(c.classified),
    unreadable: Number(c.unreadable),
    flagged: Number(c.flagged),
    unfamiliar: Number(c.unfamiliar),
    countsByClass: Object.fromEntries(byClass.map((r) => [r.predicted, Number(r.n)]))
  }
}

export async function scanUnreadable(q: Queries, scanId: number): Promise<UnreadableFile[]> {
  const rows = await q
    .selectFrom('scan_items')
    .select(['path', 'error'])
    .where('scan_id', '=', scanId)
    .where('error', 'is not', null)
    .orderBy('path')
    .execute()
  return rows.map((r) => ({ scanId, path: r.path, reason: r.error! }))
}

/** Each classified file's outcome, and the classes its predictions were made over. */
export async function scanOutcomes(
  q: Queries,
  scanId: number
): Promise<{ outcomes: CellOutcome[]; classes: string[] }> {
  const rows = await q
    .selectFrom('scan_items as i')
    .innerJoin('predictions as p', 'p.id', 'i.prediction_id')
    .select([
      'i.path',
      'p.predicted',
      'p.flagged',
      'p.ood',
      'p.classes',
      (eb) =>
        eb
          .selectFrom('review_log as r')
          .select('r.new_label')
          .whereRef('r.sha256', '=', 'i.sha256')
          .orderBy('r.id', 'desc')
          .limit(1)
          .as('review')
    ])
    .where('i.scan_id', '=', scanId)
    .orderBy('i.path')
    .execute()
  const classes = new Set<string>()
  const outcomes = rows.map((r) => {
    for (const c of JSON.parse(r.classes) as string[]) classes.add(c)
    return {
      fieldPath: r.path,
      predicted: r.predicted,
      flagged: r.flagged === 1,
      reviewed: r.review !== null,
      ...(r.review !== null ? { label: r.review } : {}),
      unfamiliar: r.ood === 1
    }
  })
  return { outcomes, classes: [...classes] }
}
