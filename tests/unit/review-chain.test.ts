import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { openDatabase, migrate, type Database } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import { appendReview, reviewLog } from '../../src/main/core/review/log'
import { GENESIS_HASH, verifyChain } from '../../src/main/core/review/chain'
import { createScan, recordScanItems } from '../../src/main/core/scan/store'
import { storeOf } from '../helpers/scan-store'

const SHA_A = 'a'.repeat(64)
const SHA_B = 'b'.repeat(64)
const prediction = (sha256: string) => ({
  sha256,
  modelId: 'm1',
  classes: ['ALL', 'HEM'],
  probabilities: [0.7, 0.3],
  predicted: 'ALL',
  confidence: 0.7,
  flagged: true,
  tta: false,
  backend: 'wasm'
})

/**
 * Two scanned cells. `schema8`: the scan row written as the schema before migration 009 has it (the current
 * createScan writes columns a database at version 7 does not have yet).
 */
async function seed(db: Database, schema8 = false): Promise<void> {
  const scanId = schema8
    ? Number(
        db
          .prepare(
            `INSERT INTO scans (folder, recursive, model_id, tta, flag_threshold, status, started_at)
             VALUES ('/cells', 0, 'm1', 0, 0.8, 'done', '2026-01-01T00:00:00.000Z')`
          )
          .run().lastInsertRowid
      )
    : (
        await createScan(storeOf(db).k, {
          folder: '/cells',
          recursive: false,
          modelId: 'm1',
          tta: false,
          flagThreshold: 0.8,
          backend: 'wasm'
        })
      ).id
  await recordScanItems(storeOf(db).k, scanId, [
    { path: '/cells/a.png', sha256: SHA_A, prediction: prediction(SHA_A) },
    { path: '/cells/b.png', sha256: SHA_B, prediction: prediction(SHA_B) }
  ])
}

async function reviewed(): Promise<Database> {
  const db = openDatabase(':memory:')
  await seed(db)
  appendReview(db, { sha256: SHA_A, label: 'HEM', reviewer: 'ana' })
  appendReview(db, { sha256: SHA_B, label: 'HEM', reviewer: 'ben' })
  appendReview(db, { sha256: SHA_A, label: 'ALL', reviewer: 'cy', note: 'second look' })
  return db
}

describe('the review log as a hash chain', () => {
  it('links every entry to the one before and verifies', async () => {
    const db = await reviewed()
    const rows = db.prepare('SELECT id, prev_hash, hash FROM review_log ORDER BY id').all() as {
      id: number
      prev_hash: string
      hash: string
    }[]
    expect(rows[0].prev_hash).toBe(GENESIS_HASH)
    expect(rows[1].prev_hash).toBe(rows[0].hash)
    expect(rows[2].prev_hash).toBe(rows[1].hash)
    expect(verifyChain(db)).toEqual({ ok: true, entries: 3, lastHash: rows[2].hash })
  })

  it('after DROP TRIGGER and an edit, names the edited entry', async () => {
    const db = await reviewed()
    db.exec('DROP TRIGGER review_log_no_update')
    db.prepare("UPDATE review_log SET new_label = 'ALL' WHERE id = 2").run()
    expect(verifyChain(db)).toMatchObject({
      ok: false,
      broken: { id: 2, reason: expect.stringMatching(/content does not match its hash/) }
    })
  })

  it('after a backdated INSERT (even with a correctly computed link), names the inserted entry', async () => {
    const db = await reviewed()
    const last = db.prepare('SELECT hash FROM review_log ORDER BY id DESC LIMIT 1').pluck().get() as string
    db.prepare(
      `INSERT INTO review_log (sha256, prediction_id, old_label, new_label, note, reviewer, created_at, prev_hash, hash)
       VALUES (?, 1, 'ALL', 'HEM', NULL, 'mallory', '2020-01-01T00:00:00.000Z', ?, ?)`
    ).run(SHA_B, last, 'f'.repeat(64))
    expect(verifyChain(db)).toMatchObject({ ok: false, broken: { id: 4 } })
    // The same insert without any hash: the plain SQL an editor would write.
    const plain = await reviewed()
    plain
      .prepare(
        `INSERT INTO review_log (sha256, new_label, reviewer, created_at) VALUES (?, 'HEM', 'mallory', '2020-01-01T00:00:00.000Z')`
      )
      .run(SHA_A)
    expect(verifyChain(plain)).toMatchObject({
      ok: false,
      broken: { id: 4, reason: expect.stringMatching(/link/) }
    })
  })

  it('a deleted entry (after DROP TRIGGER) breaks the link of the entry after it', async () => {
    const db = await reviewed()
    db.exec('DROP TRIGGER review_log_no_delete')
    db.prepare('DELETE FROM review_log WHERE id = 2').run()
    expect(verifyChain(db)).toMatchObject({ ok: false, broken: { id: 3 } })
  })

  it('migration 008 chains the entries of an existing log in order', async () => {
    const file = ':memory:'
    const db = new BetterSqlite3(file)
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 8)
    )
    await seed(db, true)
    const insert = db.prepare(
      'INSERT INTO review_log (sha256, prediction_id, old_label, new_label, reviewer, created_at) VALUES (?, 1, ?, ?, ?, ?)'
    )
    insert.run(SHA_A, 'ALL', 'HEM', 'ana', '2026-01-01T00:00:00.000Z')
    insert.run(SHA_A, 'HEM', 'ALL', 'ben', '2026-01-02T00:00:00.000Z')
    migrate(db)
    expect(verifyChain(db)).toMatchObject({ ok: true, entries: 2 })
    // New entries extend the backfilled chain, and the no-update trigger is back.
    appendReview(db, { sha256: SHA_B, label: 'HEM', reviewer: 'cy' })
    expect(verifyChain(db)).toMatchObject({ ok: true, entries: 3 })
    expect(reviewLog(db)).toHaveLength(3)
    expect(() => db.prepare("UPDATE review_log SET note = 'x' WHERE id = 1").run()).toThrow(/append-only/)
  })

  it('refuses a review of content never scanned (a made-up hash) and a label that is not a class', async () => {
    const db = await reviewed()
    expect(() => appendReview(db, { sha256: 'c'.repeat(64), label: 'ALL', reviewer: 'ana' })).toThrow(
      /has never been scanned/
    )
    expect(() => appendReview(db, { sha256: SHA_A, label: 'BANANA', reviewer: 'ana' })).toThrow(
      /not a class of the model/
    )
    expect(verifyChain(db).entries).toBe(3)
  })
})
