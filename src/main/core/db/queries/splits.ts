import type { SplitName } from '../../../../shared/types/datasets'
import type { SplitItem } from '../../splits/assign'
import type { SplitRow } from '../../splits/report'
import type { Queries } from '../store'
import { inChunks } from './portable'

/**
 * Labelled images of a dataset as the splitter needs them, by image id (the splitter orders them itself; one
 * order all the same, so that nothing can depend on an engine's choice).
 * `file`: where the image is stored on disk (its modification time orders the forward rule by time).
 */
export async function splitItems(q: Queries, datasetId: number): Promise<(SplitItem & { file: string })[]> {
  const rows = await q
    .selectFrom('dataset_images as di')
    .innerJoin('images as i', 'i.id', 'di.image_id')
    .select([
      'di.image_id as imageId',
      'i.sha256 as key',
      'di.label',
      'di.subject',
      'di.path',
      'i.path as file'
    ])
    .where('di.dataset_id', '=', datasetId)
    .where('di.label', 'is not', null)
    .orderBy('di.image_id')
    .execute()
  return rows.map((r) => ({ ...r, label: r.label! }))
}

export async function currentAssignment(q: Queries, datasetId: number): Promise<Map<number, SplitName>> {
  const rows = await q
    .selectFrom('splits')
    .select(['image_id', 'split'])
    .where('dataset_id', '=', datasetId)
    .execute()
  return new Map(rows.map((r) => [r.image_id, r.split as SplitName]))
}

/**
 * Replaces the whole split of a dataset (call inside `write`, with the settings update). Each split's rows go in
 * by one INSERT … SELECT per chunk, the label copied from the membership (only labelled members can be split).
 */
export async function replaceSplit(
  q: Queries,
  datasetId: number,
  assignment: ReadonlyMap<number, SplitName>
): Promise<void> {
  await q.deleteFrom('splits').where('dataset_id', '=', datasetId).execute()
  const bySplit = new Map<SplitName, number[]>()
  for (const [imageId, split] of assignment) bySplit.set(split, [...(bySplit.get(split) ?? []), imageId])
  for (const [split, ids] of bySplit)
    for (const part of inChunks(ids))
      await q
        .insertInto('splits')
        .columns(['dataset_id', 'image_id', 'split', 'label'])
        .expression((eb) =>
          eb
            .selectFrom('dataset_images')
            .select((s) => [
              'dataset_id',
              'image_id',
              s.val(split).as('split'),
              s.ref('label').$notNull().as('label')
            ])
            .where('dataset_id', '=', datasetId)
            .where('image_id', 'in', part)
            .where('label', 'is not', null)
        )
        .execute()
}

export async function splitRows(q: Queries, datasetId: number): Promise<SplitRow[]> {
  const rows = await q
    .selectFrom('splits as s')
    .innerJoin('dataset_images as di', (j) =>
      j.onRef('di.dataset_id', '=', 's.dataset_id').onRef('di.image_id', '=', 's.image_id')
    )
    .select(['s.split', 's.label', 'di.subject'])
    .where('s.dataset_id', '=', datasetId)
    .execute()
  return rows.map((r) => ({ ...r, split: r.split as SplitName }))
}
