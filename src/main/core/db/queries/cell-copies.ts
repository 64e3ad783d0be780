/**
 * SQL of the stored copies of predicted cells (migrations 015 and 019): the 96-px thumbnail a scan item names and
 * the lossless copy of the model's input, both found by the image's content.
 */
import type { Queries } from '../store'

/** Which stored copy of a content at one input side and resize method holds the model input. */
export interface CellCopyKey {
  imageSha256: string
  side: number
  resize: string
}

/** Names the copy of a content's model input (idempotent: the same content at the same size is one copy). */
export async function putCellCopy(q: Queries, key: CellCopyKey, blobSha256: string): Promise<void> {
  await q
    .insertInto('cell_copies')
    .values({ image_sha256: key.imageSha256, side: key.side, resize: key.resize, blob_sha256: blobSha256 })
    .onConflict((oc) => oc.columns(['image_sha256', 'side', 'resize']).doNothing())
    .execute()
}

/** Every stored model-input copy of a content, the largest first, with its bytes. */
export async function cellCopiesOf(
  q: Queries,
  imageSha256: string
): Promise<{ side: number; resize: string; bytes: Buffer }[]> {
  const rows = await q
    .selectFrom('cell_copies as c')
    .innerJoin('blobs as b', 'b.sha256', 'c.blob_sha256')
    .select(['c.side', 'c.resize', 'b.bytes'])
    .where('c.image_sha256', '=', imageSha256)
    .orderBy('c.side', 'desc')
    .orderBy('c.resize')
    .execute()
  return rows.map((r) => ({ side: r.side, resize: r.resize, bytes: Buffer.from(r.bytes) }))
}

/** The thumbnail any scan stored of a content, if one did. */
export async function thumbnailOfContent(q: Queries, imageSha256: string): Promise<Buffer | undefined> {
  const row = await q
    .selectFrom('scan_items as i')
    .innerJoin('blobs as b', 'b.sha256', 'i.thumbnail_sha256')
    .select('b.bytes')
    .where('i.sha256', '=', imageSha256)
    .limit(1)
    .executeTakeFirst()
  return row ? Buffer.from(row.bytes) : undefined
}

/** The paths scans recorded for a content, newest first (to find a file of it on this workstation). */
export async function pathsOfContent(q: Queries, imageSha256: string): Promise<string[]> {
  const rows = await q
    .selectFrom('scan_items')
    .select('path')
    .where('sha256', '=', imageSha256)
    .groupBy('path')
    .orderBy((eb) => eb.fn.max('id'), 'desc')
    .limit(20)
    .execute()
  return rows.map((r) => r.path)
}
