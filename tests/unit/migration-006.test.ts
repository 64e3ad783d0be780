import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

describe('migration 006 (trust)', () => {
  it('adds the OOD and flag-reason columns to predictions, trust to models and the block size to datasets', () => {
    const db = new BetterSqlite3(':memory:')
    const upTo5 = MIGRATIONS.filter((m) => m.version < 6)
    migrate(db, upTo5)
    const now = new Date().toISOString()
    const sha = 'a'.repeat(64)
    const insert = `INSERT INTO predictions (sha256, model_id, tta, classes, probabilities, predicted, confidence, flagged, backend, created_at)
      VALUES (?, 'm', 0, '["ALL","HEM"]', '[0.9,0.1]', 'ALL', 0.9, 0, 'wasm', ?)`
    db.prepare(insert).run(sha, now)
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 6)
    )
    const cols = (t: string) =>
      (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name)
    expect(cols('predictions')).toEqual(expect.arrayContaining(['ood_score', 'ood', 'flag_reason']))
    expect(cols('models')).toContain('trust')
    expect(cols('datasets')).toContain('split_block_size')
    // a prediction from before keeps NULLs: unknown, not "familiar"
    expect(db.prepare('SELECT ood_score, ood, flag_reason FROM predictions').get()).toEqual({
      ood_score: null,
      ood: null,
      flag_reason: null
    })
    db.prepare(
      `UPDATE predictions SET ood = 1, ood_score = 41.5, flag_reason = 'unlike the training images'`
    ).run()
    expect(() => db.prepare('UPDATE predictions SET ood = 2').run()).toThrow(/CHECK/)
    expect(() =>
      db
        .prepare(
          `INSERT INTO datasets (name, root, layout, created_at, split_block_size) VALUES ('d', '/x', 'flat', ?, 0)`
        )
        .run(now)
    ).toThrow(/CHECK/)
    db.close()
  })
})
