import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

describe('migration 013 (sample results)', () => {
  it('adds an append-only sample_results table to a database of version 12 and keeps what it held', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 13)
    )
    db.prepare(
      `INSERT INTO scans (kind, folder, recursive, model_id, tta, flag_threshold, status, started_at)
       VALUES ('scan', '/c', 1, 'm', 0, 0.8, 'done', '2026-01-01')`
    ).run()
    db.prepare(
      `INSERT INTO review_log (id, sha256, prediction_id, old_label, new_label, note, reviewer, created_at, prev_hash, hash)
       VALUES (1, ?, NULL, NULL, 'signed', 'n', 'anna', 'now', ?, ?)`
    ).run('a'.repeat(64), '0'.repeat(64), 'b'.repeat(64))
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 13)
    )
    expect(db.pragma('user_version', { simple: true })).toBe(13)
    expect(db.prepare('SELECT COUNT(*) FROM scans').pluck().get()).toBe(1)
    const insert = (status: string, replaces: number | null, audit: number) =>
      db
        .prepare(
          `INSERT INTO sample_results (scan_id, sample, status, replaces, target, counted, classes, model_id, signer,
             signed_at, audit_entry, content_sha256) VALUES (1, 'p1', ?, ?, 100, 7, '[]', 'm', 'anna', 'now', ?, ?)`
        )
        .run(status, replaces, audit, 'c'.repeat(64))
    insert('final', null, 1)
    // a correction names the result it replaces, and a first result replaces none
    expect(() => insert('corrected', null, 1)).toThrow(/CHECK/)
    expect(() => db.prepare('UPDATE sample_results SET counted = 8').run()).toThrow(/frozen/)
    expect(() => db.prepare('DELETE FROM sample_results').run()).toThrow(/cannot be removed/)
  })
})
