/**
 * SQL of the content-addressed store (migration 015): bytes by sha256 in `blobs`, and in `stored_files` which blob
 * each file of a data-folder folder holds. Content is written once: a second write of the same bytes is a no-op.
 */
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { lockFor, type Queries, type Store } from '../store'

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Stores `bytes` (idempotent: the same content twice is one row); returns their sha256. */
export async function putBlob(q: Queries, bytes: Uint8Array): Promise<string> {
  const sha256 = sha256Of(bytes)
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  await q
    .insertInto('blobs')
    .values({ sha256, bytes: buf, size: buf.byteLength, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute()
  return sha256
}

/** The bytes stored under `sha256`, or undefined when the store has none. */
export async function getBlob(q: Queries, sha256: string): Promise<Buffer | undefined> {
  const row = await q.selectFrom('blobs').select('bytes').where('sha256', '=', sha256).executeTakeFirst()
  return row ? Buffer.from(row.bytes) : undefined
}

export interface StoredFile {
  name: string
  sha256: string
  size: number
}

/** Records that `folder` holds these files (their blobs must be stored already); replaces earlier records. */
export async function putStoredFiles(
  q: Queries,
  folder: string,
  files: readonly StoredFile[]
): Promise<void> {
  if (!files.length) return
  await q
    .insertInto('stored_files')
    .values(files.map((f) => ({ folder, name: f.name, sha256: f.sha256, size: f.size })))
    .onConflict((oc) =>
      oc.columns(['folder', 'name']).doUpdateSet((eb) => ({
        sha256: eb.ref('excluded.sha256'),
        size: eb.ref('excluded.size')
      }))
    )
    .execute()
}

/** The files recorded for `folder`, by name. */
export async function storedFiles(q: Queries, folder: string): Promise<StoredFile[]> {
  return q
    .selectFrom('stored_files')
    .select(['name', 'sha256', 'size'])
    .where('folder', '=', folder)
    .orderBy('name')
    .execute()
}

/**
 * Blobs are removed only when nothing names them (core/blobs/collect.ts). Every transaction that stores blobs and
 * then names them takes this lock shared, a removal takes it exclusive: on a shared database a removal can never
 * fall between another workstation's storing of a blob it already had and its naming of it. Writers do not wait
 * for each other. On SQLite the write transaction already serialises both.
 */
export async function lockBlobsForWriting(store: Store, trx: Queries): Promise<void> {
  if (store.engine !== 'postgres') return
  await sql`SELECT pg_advisory_xact_lock_shared(hashtext(${BLOB_LOCK}))`.execute(trx)
}

/** The exclusive side of `lockBlobsForWriting`, for a transaction that removes blobs. */
export function lockBlobsForRemoving(store: Store, trx: Queries): Promise<void> {
  return lockFor(store, trx, BLOB_LOCK)
}

const BLOB_LOCK = 'blobs'

/**
 * Deletes the blobs that nothing names (no folder file, no scan item's thumbnail, no cell copy) — all of them, or
 * only those among `candidates`. Call it inside a transaction holding `lockBlobsForRemoving`. Returns how many
 * went and their bytes.
 */
export async function deleteUnreferencedBlobs(
  q: Queries,
  candidates?: readonly string[]
): Promise<{ blobs: number; bytes: number }> {
  if (candidates && !candidates.length) return { blobs: 0, bytes: 0 }
  let del = q
    .deleteFrom('blobs')
    .where((eb) =>
      eb.and([
        eb.not(
          eb.exists(
            eb.selectFrom('stored_files as f').select('f.sha256').whereRef('f.sha256', '=', 'blobs.sha256')
          )
        ),
        eb.not(
          eb.exists(
            eb
              .selectFrom('scan_items as i')
              .select('i.id')
              .whereRef('i.thumbnail_sha256', '=', 'blobs.sha256')
          )
        ),
        eb.not(
          eb.exists(
            eb
              .selectFrom('cell_copies as c')
              .select('c.blob_sha256')
              .whereRef('c.blob_sha256', '=', 'blobs.sha256')
          )
        )
      ])
    )
  if (candidates) del = del.where('sha256', 'in', [...new Set(candidates)])
  const gone = await del.returning('size').execute()
  return { blobs: gone.length, bytes: gone.reduce((sum, r) => sum + Number(r.size), 0) }
}

/** Forgets a folder's file records (the blobs stay: other folders may hold the same content). */
export async function deleteStoredFiles(q: Queries, folder: string): Promise<void> {
  await q.deleteFrom('stored_files').where('folder', '=', folder).execute()
}

/** Names the stored thumbnail of a content on every item of a scan that shows it (duplicates included). */
export async function setScanThumbnail(
  q: Queries,
  scanId: number,
  imageSha256: string,
  thumbnailSha256: string
): Promise<void> {
  await q
    .updateTable('scan_items')
    .set({ thumbnail_sha256: thumbnailSha256 })
    .where('scan_id', '=', scanId)
    .where('sha256', '=', imageSha256)
    .execute()
}

/**
 * The stored thumbnail of the image a scan saw at `path`: by its content, so a thumbnail any scan stored of the
 * same picture serves (a rescan reuses predictions without decoding the file again).
 */
export async function thumbnailOfPath(q: Queries, path: string): Promise<Buffer | undefined> {
  const row = await q
    .selectFrom('scan_items as i')
    .innerJoin('scan_items as t', 't.sha256', 'i.sha256')
    .innerJoin('blobs as b', 'b.sha256', 't.thumbnail_sha256')
    .select('b.bytes')
    .where('i.path', '=', path)
    .limit(1)
    .executeTakeFirst()
  return row ? Buffer.from(row.bytes) : undefined
}
