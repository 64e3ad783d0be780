import { join } from 'node:path'
import type { SplitName } from '../../../../shared/types/datasets'
import type { Queries } from '../store'
import { byCode, inChunks } from './portable'

/** A distinct image content. `path` is where it was first found (absolute). */
export interface ImageRow {
  id: number
  sha256: string
  path: string
  size: number
  width: number
  height: number
  format: string
}

const IMAGE_COLUMNS = ['id', 'sha256', 'path', 'size', 'width', 'height', 'format'] as const

/**
 * Inserts the images whose content is not stored yet (a content stored before keeps its row and first path);
 * returns the id of every one, by sha256. A few statements for thousands of images: call inside `write`.
 */
export async function upsertImages(
  q: Queries,
  images: readonly Omit<ImageRow, 'id'>[]
): Promise<Map<string, number>> {
  const now = new Date().toISOString()
  for (const part of inChunks(images))
    await q
      .insertInto('images')
      .values(part.map((img) => ({ ...img, created_at: now })))
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute()
  const ids = await imagesBySha(
    q,
    images.map((i) => i.sha256)
  )
  return new Map([...ids].map(([sha, img]) => [sha, img.id]))
}

/** The stored images among these contents, by sha256 (unknown ones absent). */
export async function imagesBySha(q: Queries, sha256s: readonly string[]): Promise<Map<string, ImageRow>> {
  const out = new Map<string, ImageRow>()
  for (const part of inChunks([...new Set(sha256s)]))
    for (const r of await q.selectFrom('images').select(IMAGE_COLUMNS).where('sha256', 'in', part).execute())
      out.set(r.sha256, r)
  return out
}

/** Membership of one image in a dataset: the path it has there, its label and subject. */
export interface MemberRow {
  imageId: number
  path: string
  label: string | null
  sourceLabel: string | null
  subject: string | null
}

export async function insertMembers(
  q: Queries,
  datasetId: number,
  members: readonly MemberRow[]
): Promise<void> {
  for (const part of inChunks(members))
    await q
      .insertInto('dataset_images')
      .values(
        part.map((m) => ({
          dataset_id: datasetId,
          image_id: m.imageId,
          path: m.path,
          label: m.label,
          source_label: m.sourceLabel,
          subject: m.subject
        }))
      )
      .execute()
}

/** Every member of a dataset, by image id. */
export async function datasetMembers(q: Queries, datasetId: number): Promise<Map<number, MemberRow>> {
  const rows = await q
    .selectFrom('dataset_images')
    .select(['image_id as imageId', 'path', 'label', 'source_label as sourceLabel', 'subject'])
    .where('dataset_id', '=', datasetId)
    .execute()
  return new Map(rows.map((r) => [r.imageId, r]))
}

/** Every file path seen in a dataset (duplicates included) → the content hash it had. */
export async function datasetFiles(q: Queries, datasetId: number): Promise<Map<string, string>> {
  const rows = await q
    .selectFrom('dataset_files as f')
    .innerJoin('images as i', 'i.id', 'f.image_id')
    .select(['f.path', 'i.sha256'])
    .where('f.dataset_id', '=', datasetId)
    .execute()
  return new Map(rows.map((r) => [r.path, r.sha256]))
}

/** Records which content each file path of a dataset holds (a path seen before takes its new content). */
export async function upsertDatasetFiles(
  q: Queries,
  datasetId: number,
  files: readonly { path: string; imageId: number }[]
): Promise<void> {
  for (const part of inChunks(files))
    await q
      .insertInto('dataset_files')
      .values(part.map((f) => ({ dataset_id: datasetId, path: f.path, image_id: f.imageId })))
      .onConflict((oc) =>
        oc.columns(['dataset_id', 'path']).doUpdateSet((eb) => ({ image_id: eb.ref('excluded.image_id') }))
      )
      .execute()
}

/** One image of a dataset as training, feature extraction and evaluation read it. */
export interface DatasetImage {
  imageId: number
  sha256: string
  /** Absolute path: dataset root + the image's path in the dataset. */
  path: string
  label: string | null
  subject: string | null
  split: SplitName | null
  width: number
  height: number
  format: string
}

/** The images of a dataset in a stable order (by path, `byCode`), optionally only those of one split. */
export async function listDatasetImages(
  q: Queries,
  datasetId: number,
  opts: { split?: SplitName; labelledOnly?: boolean } = {}
): Promise<DatasetImage[]> {
  const ds = await q.selectFrom('datasets').select('root').where('id', '=', datasetId).executeTakeFirst()
  if (ds === undefined) throw new Error(`no dataset with id ${datasetId}`)
  let query = q
    .selectFrom('dataset_images as di')
    .innerJoin('images as i', 'i.id', 'di.image_id')
    .leftJoin('splits as s', (j) =>
      j.onRef('s.dataset_id', '=', 'di.dataset_id').onRef('s.image_id', '=', 'di.image_id')
    )
    .select([
      'di.image_id as imageId',
      'i.sha256',
      'di.path',
      'di.label',
      'di.subject',
      's.split',
      'i.width',
      'i.height',
      'i.format'
    ])
    .where('di.dataset_id', '=', datasetId)
  if (opts.split) query = query.where('s.split', '=', opts.split)
  if (opts.labelledOnly) query = query.where('di.label', 'is not', null)
  const rows = (await query.execute()).sort((a, b) => byCode(a.path, b.path))
  return rows.map((r) => ({ ...r, split: r.split as SplitName | null, path: join(ds.root, r.path) }))
}

export interface ClassStat {
  label: string
  images: number
  subjects: number
  /** The source classes mapped to this label, sorted. */
  sources: string[]
}

/** Images and distinct subjects per label (labelled images only), with the source classes mapped to each. */
export async function classStats(q: Queries, datasetId: number): Promise<ClassStat[]> {
  const labelled = q
    .selectFrom('dataset_images')
    .where('dataset_id', '=', datasetId)
    .where('label', 'is not', null)
  const counts = await labelled
    .select((eb) => [
      'label',
      eb.fn.countAll<number>().as('images'),
      eb.fn.count<number>('subject').distinct().as('subjects')
    ])
    .groupBy('label')
    .orderBy('label')
    .execute()
  // The source classes as rows: SQLite's group_concat and PostgreSQL's string_agg are not one function.
  const sources = await labelled.select(['label', 'source_label']).distinct().execute()
  return counts.map((c) => ({
    label: c.label!,
    images: Number(c.images),
    subjects: Number(c.subjects),
    sources: sources
      .filter((s) => s.label === c.label && s.source_label !== null)
      .map((s) => s.source_label!)
      .sort()
  }))
}

export async function datasetCounts(
  q: Queries,
  datasetId: number
): Promise<{ images: number; labelled: number; subjects: number; files: number }> {
  const r = await q
    .selectFrom('dataset_images')
    .select((eb) => [
      eb.fn.countAll<number>().as('images'),
      eb.fn.count<number>('label').as('labelled'),
      eb.fn.count<number>('subject').distinct().as('subjects'),
      eb
        .selectFrom('dataset_files as f')
        .select(eb.fn.countAll<number>().as('n'))
        .where('f.dataset_id', '=', datasetId)
        .as('files')
    ])
    .where('dataset_id', '=', datasetId)
    .executeTakeFirstOrThrow()
  return {
    images: Number(r.images),
    labelled: Number(r.labelled),
    subjects: Number(r.subjects),
    files: Number(r.files)
  }
}

export async function formatCounts(q: Queries, datasetId: number): Promise<Record<string, number>> {
  const rows = await q
    .selectFrom('dataset_images as di')
    .innerJoin('images as i', 'i.id', 'di.image_id')
    .select((eb) => ['i.format', eb.fn.countAll<number>().as('n')])
    .where('di.dataset_id', '=', datasetId)
    .groupBy('i.format')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.format, Number(r.n)]))
}

/** Every distinct image of a dataset with the path it has there (relative to the root or absolute), by path. */
export async function datasetImagePaths(
  q: Queries,
  datasetId: number
): Promise<{ sha256: string; path: string }[]> {
  return q
    .selectFrom('dataset_images as di')
    .innerJoin('images as i', 'i.id', 'di.image_id')
    .select(['i.sha256', 'di.path'])
    .where('di.dataset_id', '=', datasetId)
    .execute()
    .then((rows) => rows.sort((a, b) => byCode(a.path, b.path)))
}

/** Labelled images of a dataset with their split (null before any split), by content hash. */
export async function labelledImageRows(
  q: Queries,
  datasetId: number
): Promise<
  { sha256: string; path: string; label: string; subject: string | null; split: SplitName | null }[]
> {
  const rows = await q
    .selectFrom('dataset_images as di')
    .innerJoin('images as i', 'i.id', 'di.image_id')
    .leftJoin('splits as s', (j) =>
      j.onRef('s.dataset_id', '=', 'di.dataset_id').onRef('s.image_id', '=', 'di.image_id')
    )
    .select(['i.sha256', 'di.path', 'di.label', 'di.subject', 's.split'])
    .where('di.dataset_id', '=', datasetId)
    .where('di.label', 'is not', null)
    .orderBy('i.sha256')
    .execute()
  return rows.map((r) => ({ ...r, label: r.label!, split: r.split as SplitName | null }))
}

/** Gives a member of a dataset a new label (from `source`, e.g. a review), in its split too. Call inside `write`. */
export async function relabelMember(
  q: Queries,
  datasetId: number,
  imageId: number,
  label: string,
  source: string
): Promise<void> {
  await q
    .updateTable('dataset_images')
    .set({ label, source_label: source })
    .where('dataset_id', '=', datasetId)
    .where('image_id', '=', imageId)
    .execute()
  await q
    .updateTable('splits')
    .set({ label })
    .where('dataset_id', '=', datasetId)
    .where('image_id', '=', imageId)
    .execute()
}

/** Where each of these contents was first found (absolute paths), in the order given; unknown ones left out. */
export async function imagePathsBySha256(q: Queries, sha256s: readonly string[]): Promise<string[]> {
  const found = await imagesBySha(q, sha256s)
  return sha256s.flatMap((h) => {
    const img = found.get(h)
    return img ? [img.path] : []
  })
}
