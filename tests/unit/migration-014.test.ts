import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import { sqliteStore } from '../../src/main/core/db/store'
import { verifyChain } from '../../src/main/core/review/chain'
import { appendReview } from '../../src/main/core/review/log'
import { seedScan } from '../helpers/review-seed'

describe('migration 014 (users and signatures)', () => {
  it('adds users and signatures to a database of version 12; its chained reviews still verify', async () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 12)
    )
    const store = sqliteStore(db)
    // The scan as schema 12 has it: the seed writes only columns that schema knows.
    await seedScan(store, [{ sha256: 'a'.repeat(64), path: '/c/a.png', predicted: 'ALL' }])
    await store.k
      .insertInto('review_log')
      .values({
        id: 1,
        sha256: 'a'.repeat(64),
        prediction_id: 1,
        old_label: 'ALL',
        new_label: 'HEM',
        note: null,
        reviewer: 'ana',
        created_at: '2026-01-01T00:00:00.000Z',
        prev_hash: '0'.repeat(64),
        // entryHash of this row as a build before migration 014 wrote it
        hash: (await import('../../src/main/core/review/chain')).entryHash(
          {
            id: 1,
            sha256: 'a'.repeat(64),
            prediction_id: 1,
            old_label: 'ALL',
            new_label: 'HEM',
            note: null,
            reviewer: 'ana',
            created_at: '2026-01-01T00:00:00.000Z'
          },
          '0'.repeat(64)
        )
      })
      .execute()
    migrate(db, MIGRATIONS)
    expect(db.pragma('user_version', { simple: true })).toBe(14)
    expect(db.prepare('SELECT kind FROM review_log').pluck().all()).toEqual(['review'])
    await appendReview(store, { sha256: 'a'.repeat(64), label: 'ALL', reviewer: 'ben' })
    expect(await verifyChain(store)).toMatchObject({ ok: true, entries: 2 })
    expect(() =>
      db
        .prepare(
          "INSERT INTO users (name, role, password_hash, password_salt, password_params, created_at) VALUES ('x', 'boss', 'h', 's', '{}', 't')"
        )
        .run()
    ).toThrow(/CHECK/)
    db.close()
  })
})
