import type { ImageProfile } from '../../../../shared/types/trust'
import type { Queries } from '../store'

/** Formats and size range of the images of one split of a dataset: the reference of the cheap image checks. */
export async function splitImageProfile(q: Queries, dataset: string, split: string): Promise<ImageProfile> {
  const ofSplit = q
    .selectFrom('datasets as d')
    .innerJoin('splits as s', 's.dataset_id', 'd.id')
    .innerJoin('images as i', 'i.id', 's.image_id')
    .where('d.name', '=', dataset)
    .where('s.split', '=', split)
  const r = await ofSplit
    .select((eb) => [
      eb.fn.min('i.width').as('minW'),
      eb.fn.max('i.width').as('maxW'),
      eb.fn.min('i.height').as('minH'),
      eb.fn.max('i.height').as('maxH')
    ])
    .executeTakeFirstOrThrow()
  // The distinct formats as rows: SQLite's group_concat and PostgreSQL's string_agg are not one function.
  const formats = await ofSplit.select('i.format').distinct().execute()
  return {
    formats: formats
      .map((f) => f.format)
      .filter(Boolean)
      .sort(),
    width: { min: r.minW ?? 0, max: r.maxW ?? 0 },
    height: { min: r.minH ?? 0, max: r.maxH ?? 0 }
  }
}
