import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { appendReview, reviewLog } from '../../src/main/core/review/log'
import { GENESIS_HASH, verifyChain } from '../../src/main/core/review/chain'
import { ENGINES, useStores } from '../helpers/engines'
import { seedScan } from '../helpers/review-seed'

const SHA_A = 'a'.repeat(64)
const SHA_B = 'b'.repeat(64)
const CELLS = [
  { sha256: SHA_A, path: '/cells/a.png', predicted: 'ALL' },
  { sha256: SHA_B, path: '/cells/b.png', predicted: 'ALL' }
]

async function reviewed(store: Store): Promise<Store> {
  await seedScan(store, CELLS)
  await appendReview(store, { sha256: SHA_A, label: 'HEM', reviewer: 'ana' })
  await appendReview(store, { sha256: SHA_B, label: 'HEM', reviewer: 'ben' })
  await appendReview(store, { sha256: SHA_A, label: 'ALL', reviewer: 'cy', note: 'second look' })
  return store
}

describe.each(ENGINES)('the review log as a hash chain on %s', (engine) => {
  const open = useStores(engine)
  /** What an editor with the database's own tools would do: drop the guard first. */
  const dropTrigger = (store: Store, name: string) =>
    sql
      .raw(engine === 'sqlite' ? `DROP TRIGGER ${name}` : `DROP TRIGGER ${name} ON review_log`)
      .execute(store.k)

  it('links every entry to the one before and verifies', async () => {
    const store = await reviewed(await open())
    const rows = await store.k
      .selectFrom('review_log')
      .select(['id', 'prev_hash', 'hash'])
      .orderBy('id')
      .execute()
    expect(rows[0].prev_hash).toBe(GENESIS_HASH)
    expect(rows[1].prev_hash).toBe(rows[0].hash)
    expect(rows[2].prev_hash).toBe(rows[1].hash)
    expect(await verifyChain(store)).toEqual({ ok: true, entries: 3, lastHash: rows[2].hash })
  })

  it('after DROP TRIGGER and an edit, names the edited entry', async () => {
    const store = await reviewed(await open())
    await dropTrigger(store, 'review_log_no_update')
    await store.k.updateTable('review_log').set({ new_label: 'ALL' }).where('id', '=', 2).execute()
    expect(await verifyChain(store)).toMatchObject({
      ok: false,
      broken: { id: 2, reason: expect.stringMatching(/content does not match its hash/) }
    })
  })

  it('after a backdated INSERT (even with a correctly computed link), names the inserted entry', async () => {
    const store = await reviewed(await open())
    const last = (
      await store.k
        .selectFrom('review_log')
        .select('hash')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).hash
    const backdated = {
      sha256: SHA_B,
      new_label: 'HEM',
      reviewer: 'mallory',
      created_at: '2020-01-01T00:00:00.000Z'
    }
    await store.k
      .insertInto('review_log')
      .values({
        ...backdated,
        id: 4,
        prediction_id: 1,
        old_label: 'ALL',
        prev_hash: last,
        hash: 'f'.repeat(64)
      })
      .execute()
    expect(await verifyChain(store)).toMatchObject({ ok: false, broken: { id: 4 } })
    // The same insert without any hash: the plain SQL an editor would write.
    const plain = await reviewed(await open())
    await plain.k
      .insertInto('review_log')
      .values({ ...backdated, id: 4, sha256: SHA_A })
      .execute()
    expect(await verifyChain(plain)).toMatchObject({
      ok: false,
      broken: { id: 4, reason: expect.stringMatching(/link/) }
    })
  })

  it('a deleted entry (after DROP TRIGGER) breaks the link of the entry after it', async () => {
    const store = await reviewed(await open())
    await dropTrigger(store, 'review_log_no_delete')
    await store.k.deleteFrom('review_log').where('id', '=', 2).execute()
    expect(await verifyChain(store)).toMatchObject({ ok: false, broken: { id: 3 } })
  })

  it('refuses a review of content never scanned (a made-up hash) and a label that is not a class', async () => {
    const store = await reviewed(await open())
    await expect(
      appendReview(store, { sha256: 'c'.repeat(64), label: 'ALL', reviewer: 'ana' })
    ).rejects.toThrow(/has never been scanned/)
    await expect(appendReview(store, { sha256: SHA_A, label: 'BANANA', reviewer: 'ana' })).rejects.toThrow(
      /not a class of the model/
    )
    expect((await verifyChain(store)).entries).toBe(3)
  })
})

describe('the review log chain on SQLite files of older schemas', () => {
  it('migration 008 chains the entries of an existing log in order', async () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 8)
    )
    // The scan row as the schema before migration 009 has it.
    const scanId = db
      .prepare(
        `INSERT INTO scans (folder, recursive, model_id, tta, flag_threshold, status, started_at)
         VALUES ('/cells', 0, 'm1', 0, 0.8, 'done', '2026-01-01T00:00:00.000Z')`
      )
      .run().lastInsertRowid
    const predict = db.prepare(
      `INSERT INTO predictions (sha256, model_id, tta, classes, probabilities, predicted, confidence, flagged, backend, created_at)
       VALUES (?, 'm1', 0, '["ALL","HEM"]', '[0.7,0.3]', 'ALL', 0.7, 1, 'wasm', '2026-01-01T00:00:00.000Z')`
    )
    for (const c of CELLS) {
      const p = predict.run(c.sha256).lastInsertRowid
      db.prepare(
        "INSERT INTO scan_items (scan_id, path, sha256, prediction_id, created_at) VALUES (?, ?, ?, ?, '2026-01-01')"
      ).run(scanId, c.path, c.sha256, p)
    }
    const insert = db.prepare(
      'INSERT INTO review_log (sha256, prediction_id, old_label, new_label, reviewer, created_at) VALUES (?, 1, ?, ?, ?, ?)'
    )
    insert.run(SHA_A, 'ALL', 'HEM', 'ana', '2026-01-01T00:00:00.000Z')
    insert.run(SHA_A, 'HEM', 'ALL', 'ben', '2026-01-02T00:00:00.000Z')
    migrate(db)
    const store = sqliteStore(db)
    expect(await verifyChain(store)).toMatchObject({ ok: true, entries: 2 })
    // New entries extend the backfilled chain, and the no-update trigger is back.
    await appendReview(store, { sha256: SHA_B, label: 'HEM', reviewer: 'cy' })
    expect(await verifyChain(store)).toMatchObject({ ok: true, entries: 3 })
    expect(await reviewLog(store.k)).toHaveLength(3)
    expect(() => db.prepare("UPDATE review_log SET note = 'x' WHERE id = 1").run()).toThrow(/append-only/)
    db.close()
  })
})
