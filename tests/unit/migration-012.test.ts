import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

describe('migration 012 (quality control)', () => {
  it('adds the QC tables to a database of version 11 and keeps what it held', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 12)
    )
    db.prepare(
      `INSERT INTO scans (kind, folder, recursive, model_id, tta, flag_threshold, status, started_at)
       VALUES ('scan', '/c', 1, 'm', 0, 0.8, 'done', '2026-01-01')`
    ).run()
    migrate(db, MIGRATIONS)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'qc_%' ORDER BY name")
      .pluck()
      .all()
    expect(tables).toEqual(['qc_acks', 'qc_runs', 'qc_set_items', 'qc_sets'])
    expect(db.prepare('SELECT COUNT(*) FROM scans').pluck().get()).toBe(1)
    // an SD of 0 cannot judge a run
    expect(() =>
      db
        .prepare(
          "INSERT INTO qc_sets (name, folder, blast_class, blast_mean, blast_sd, created_at) VALUES ('a', '/c', 'ALL', 1, 0, 'now')"
        )
        .run()
    ).toThrow(/CHECK/)
  })
})
