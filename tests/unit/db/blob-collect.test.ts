import { describe, expect, it } from 'vitest'
import { removeUnusedBlobs } from '../../../src/main/core/blobs/collect'
import { unpublishFolder } from '../../../src/main/core/blobs/shared-folders'
import {
  getBlob,
  lockBlobsForWriting,
  putBlob,
  putStoredFiles,
  setScanThumbnail
} from '../../../src/main/core/db/queries/blobs'
import { putCellCopy } from '../../../src/main/core/db/queries/cell-copies'
import { write, type Store } from '../../../src/main/core/db/store'
import { postgresStore } from '../../../src/main/core/db/postgres/store'
import { ENGINES, freshPostgresDatabase, useStores } from '../../helpers/engines'

const bytes = (s: string): Buffer => Buffer.from(s)

/** Publishes a folder the way shared-folders.ts does: the blobs and their file records in one write. */
async function publish(store: Store, folder: string, files: Record<string, string>): Promise<void> {
  await write(store, async (trx) => {
    await lockBlobsForWriting(store, trx)
    const records = []
    for (const [name, content] of Object.entries(files))
      records.push({ name, sha256: await putBlob(trx, bytes(content)), size: content.length })
    await putStoredFiles(trx, folder, records)
  })
}

async function scanItemWithThumbnail(store: Store, thumbnail: string): Promise<string> {
  const scan = await store.k
    .insertInto('scans')
    .values({
      kind: 'scan',
      folder: '/c',
      recursive: 0,
      model_id: 'm',
      tta: 0,
      flag_threshold: 0.8,
      status: 'done',
      started_at: '2026-01-01'
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const image = 'c'.repeat(64)
  await store.k
    .insertInto('scan_items')
    // Only the thumbnail column matters here; an item needs a prediction or an error.
    .values({ scan_id: scan.id, path: '/c/a.png', sha256: image, error: 'x', created_at: 'now' })
    .execute()
  const sha = await putBlob(store.k, bytes(thumbnail))
  await setScanThumbnail(store.k, scan.id, image, sha)
  return sha
}

describe.each(ENGINES)('removing unused blobs on %s', (engine) => {
  const open = useStores(engine)

  it("a deleted folder's blobs go, except one another folder holds too", async () => {
    const store = await open()
    await publish(store, 'models/a', { 'model.json': 'head a', 'weights.bin': 'shared weights' })
    await publish(store, 'models/b', { 'model.json': 'head b', 'weights.bin': 'shared weights' })
    const [headA, headB, weights] = ['head a', 'head b', 'shared weights'].map((s) =>
      store.k.selectFrom('blobs').select('sha256').where('bytes', '=', bytes(s))
    )
    const shaOf = async (q: typeof headA) => (await q.executeTakeFirstOrThrow()).sha256
    const [a, b, w] = [await shaOf(headA), await shaOf(headB), await shaOf(weights)]

    expect(await unpublishFolder(store, { kind: 'models', dir: 'a' })).toEqual({ blobs: 1, bytes: 6 })
    expect(await getBlob(store.k, a)).toBeUndefined()
    // The weights model b still names survive the deletion of model a.
    expect(await getBlob(store.k, w)).toBeDefined()
    expect(await getBlob(store.k, b)).toBeDefined()

    expect(await unpublishFolder(store, { kind: 'models', dir: 'b' })).toEqual({ blobs: 2, bytes: 20 })
    expect(await store.k.selectFrom('blobs').select('sha256').execute()).toEqual([])
  })

  it('db gc removes only what nothing names: folder files, thumbnails and cell copies stay', async () => {
    const store = await open()
    await publish(store, 'backbones/x', { 'model.json': 'backbone' })
    const thumb = await scanItemWithThumbnail(store, 'thumbnail')
    const copy = await putBlob(store.k, bytes('model input copy'))
    await putCellCopy(store.k, { imageSha256: 'c'.repeat(64), side: 224, resize: 'nearest' }, copy)
    const orphan = await putBlob(store.k, bytes('left by a deleted model'))

    expect(await removeUnusedBlobs(store)).toEqual({ blobs: 1, bytes: 23 })
    expect(await getBlob(store.k, orphan)).toBeUndefined()
    for (const kept of [thumb, copy]) expect(await getBlob(store.k, kept)).toBeDefined()
    expect(await store.k.selectFrom('blobs').select('sha256').execute()).toHaveLength(3)
    expect(await removeUnusedBlobs(store)).toEqual({ blobs: 0, bytes: 0 })
  })
})

describe('removing unused blobs while another workstation publishes (PostgreSQL)', () => {
  it('waits for a publisher that stored a blob it already had and names it, then keeps that blob', async () => {
    const database = await freshPostgresDatabase()
    const publisher = postgresStore(database.url)
    const collector = postgresStore(database.url)
    // Watches the server's lock table on a plain connection of its own.
    const watcher = new (await import('pg')).Pool({ connectionString: database.url, max: 1 })
    let name!: () => void
    let publishing: Promise<unknown> = Promise.resolve()
    try {
      // Bytes left unnamed by a deleted model: exactly what a removal takes, and what a new model brings again.
      const content = bytes('weights a deleted model had')
      const sha = await putBlob(publisher.k, content)
      // Each store checks the schema on its first connection: done before, so only the blob lock can be waited on.
      await collector.k.selectFrom('blobs').select('sha256').execute()
      const named = new Promise<void>((done) => (name = done))
      let stored!: () => void
      const hasStored = new Promise<void>((done) => (stored = done))
      publishing = write(publisher, async (trx) => {
        await lockBlobsForWriting(publisher, trx)
        await putBlob(trx, content) // already there: no change, so no row lock guards it
        stored()
        await named // the moment a removal without the lock would slip in
        await putStoredFiles(trx, 'models/new', [{ name: 'weights.bin', sha256: sha, size: content.length }])
      })
      await hasStored
      let settled = false
      const removing = removeUnusedBlobs(collector).finally(() => (settled = true))
      // The removal waits on the blob lock (seen in pg_locks) and is not done before the publisher names its blob.
      while (!settled) {
        const waiting = await watcher.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        )
        if (waiting.rows[0].n > 0) break
      }
      expect(settled).toBe(false)
      name()
      await publishing
      expect(await removing).toEqual({ blobs: 0, bytes: 0 })
      expect(await getBlob(collector.k, sha)).toBeDefined()
    } finally {
      // Let the publisher end (its transaction holds a connection the stores wait for when they close).
      name()
      await publishing.catch(() => undefined)
      await watcher.end()
      await publisher.close()
      await collector.close()
      await database.drop()
    }
  })
})
