/**
 * Removal of the blobs nothing names any more: a removed model's or backbone's files (also removed with it:
 * shared-folders.ts), thumbnails and cell copies whose scan items are gone. Safe on a shared database while other
 * workstations publish: one statement in one transaction holding the blob lock exclusive, which every writer of
 * blobs holds shared from storing a blob to naming it (queries/blobs.ts) — so a blob is never removed between
 * the two, and a blob removed before is stored again by the writer that needs it.
 */
import { deleteUnreferencedBlobs, lockBlobsForRemoving } from '../db/queries/blobs'
import { write, type Store } from '../db/store'

export async function removeUnusedBlobs(store: Store): Promise<{ blobs: number; bytes: number }> {
  return write(store, async (trx) => {
    await lockBlobsForRemoving(store, trx)
    return deleteUnreferencedBlobs(trx)
  })
}
