import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

describe('migration 016 (queued scan batches)', () => {
  it('adds scan_batches to an existing database and keeps its scans', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 16)
    )
    db.prepare(
      `INSERT INTO scans (kind, folder, recursive, model_id, tta, flag_threshold, status, started_at)
       VALUES ('scan', '/c', 1, 'm', 0, 0.8, 'running', '2026-01-01')`
    ).run()
    migrate(db, MIGRATIONS)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1].version)
    // The scan it held is not a queued one.
    expect(db.prepare('SELECT queued FROM scans').pluck().all()).toEqual([0])
    const add = db.prepare(
      "INSERT INTO scan_batches (scan_id, batch, paths, images, state) VALUES (1, ?, '[]', 1, 'queued')"
    )
    add.run(0)
    expect(() => add.run(0)).toThrow(/UNIQUE|PRIMARY/)
    // A batch belongs to a scan that exists.
    expect(() =>
      db
        .prepare(
          "INSERT INTO scan_batches (scan_id, batch, paths, images, state) VALUES (9, 0, '[]', 1, 'queued')"
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
  })
})
