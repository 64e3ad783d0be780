import type { Database } from 'better-sqlite3'
import type { ImageProfile } from '../../../../shared/types/trust'

/** Formats and size range of the images of one split of a dataset: the reference of the cheap image checks. */
export function splitImageProfile(db: Database, dataset: string, split: string): ImageProfile {
  const r = db
    .prepare(
      `SELECT min(i.width) AS minW, max(i.width) AS maxW, min(i.height) AS minH, max(i.height) AS maxH,
         group_concat(DISTINCT i.format) AS formats
       FROM datasets d JOIN splits s ON s.dataset_id = d.id JOIN images i ON i.id = s.image_id
       WHERE d.name = ? AND s.split = ?`
    )
    .get(dataset, split) as { minW: number; maxW: number; minH: number; maxH: number; formats: string | null }
  return {
    formats: (r.formats ?? '').split(',').filter(Boolean).sort(),
    width: { min: r.minW ?? 0, max: r.maxW ?? 0 },
    height: { min: r.minH ?? 0, max: r.maxH ?? 0 }
  }
}
