import type { DatasetLayout, SplitBy, SplitOrder, SplitRule } from '../../../../shared/types/datasets'
import type { Datasets } from '../schema'
import { lockFor, write, type Queries, type Store } from '../store'
import type { Selectable } from 'kysely'
import { byCode } from './portable'

export interface SplitSettings {
  seed: number
  ratios: [number, number, number]
  by: SplitBy
  /** Unknown subjects grouped into blocks of this many consecutive files (migration 006); null: not. */
  blockSize: number | null
  /** Rule for images of unknown subject (migration 011); null: none needed (or split before 011 without blocks). */
  rule: SplitRule | null
  order: SplitOrder | null
}

export interface DatasetRow {
  id: number
  name: string
  root: string
  layout: DatasetLayout
  classMapping: Record<string, string>
  createdAt: string
  split: (SplitSettings & { at: string }) | null
}

function fromRow(r: Selectable<Datasets>): DatasetRow {
  return {
    id: r.id,
    name: r.name,
    root: r.root,
    layout: r.layout as DatasetLayout,
    classMapping: JSON.parse(r.class_mapping) as Record<string, string>,
    createdAt: r.created_at,
    split:
      r.split_seed !== null && r.split_ratios && r.split_by && r.split_at
        ? {
            seed: r.split_seed,
            ratios: JSON.parse(r.split_ratios) as [number, number, number],
            by: r.split_by as SplitBy,
            blockSize: r.split_block_size ?? null,
            rule: (r.split_rule as SplitRule | null) ?? null,
            order: (r.split_order as SplitOrder | null) ?? null,
            at: r.split_at
          }
        : null
  }
}

export async function insertDataset(
  q: Queries,
  d: { name: string; root: string; layout: DatasetLayout; classMapping: Record<string, string> }
): Promise<number> {
  const row = await q
    .insertInto('datasets')
    .values({
      name: d.name,
      root: d.root,
      layout: d.layout,
      class_mapping: JSON.stringify(d.classMapping),
      created_at: new Date().toISOString()
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function getDatasetByName(q: Queries, name: string): Promise<DatasetRow | undefined> {
  const r = await q.selectFrom('datasets').selectAll().where('name', '=', name).executeTakeFirst()
  return r && fromRow(r)
}

export async function getDataset(q: Queries, id: number): Promise<DatasetRow | undefined> {
  const r = await q.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst()
  return r && fromRow(r)
}

/** Every dataset, by name (`byCode`). */
export async function listDatasets(q: Queries): Promise<DatasetRow[]> {
  const rows = await q.selectFrom('datasets').selectAll().execute()
  return rows.sort((a, b) => byCode(a.name, b.name)).map(fromRow)
}

export async function setSplitSettings(q: Queries, id: number, s: SplitSettings): Promise<void> {
  await q
    .updateTable('datasets')
    .set({
      split_seed: s.seed,
      split_ratios: JSON.stringify(s.ratios),
      split_by: s.by,
      split_block_size: s.blockSize,
      split_rule: s.rule,
      split_order: s.order,
      split_at: new Date().toISOString()
    })
    .where('id', '=', id)
    .execute()
}

/** The name all writes of datasets, their images and splits serialise on across workstations (`lockFor`). */
export const DATASETS_LOCK = 'datasets'

/**
 * Deletes a dataset with its membership, file list and split (ON DELETE CASCADE), then the images no dataset
 * uses any more, in one transaction. One statement deletes the images no table refers to any more (dataset
 * members and dataset files are the tables that do), rather than trying each image and catching the foreign-key
 * refusal: PostgreSQL would need a savepoint per image for that.
 */
export function deleteDataset(store: Store, id: number): Promise<{ imagesRemoved: number }> {
  return write(store, async (trx) => {
    await lockFor(store, trx, DATASETS_LOCK)
    await trx.deleteFrom('datasets').where('id', '=', id).execute()
    const r = await trx
      .deleteFrom('images')
      .where(({ and, not, exists, selectFrom }) =>
        and([
          not(
            exists(
              selectFrom('dataset_images as di')
                .select('di.image_id')
                .whereRef('di.image_id', '=', 'images.id')
            )
          ),
          not(
            exists(
              selectFrom('dataset_files as f').select('f.image_id').whereRef('f.image_id', '=', 'images.id')
            )
          )
        ])
      )
      .executeTakeFirst()
    return { imagesRemoved: Number(r.numDeletedRows) }
  })
}
