import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

describe('migration 020 (QC acknowledgements in the audit log)', () => {
  it('keeps the acknowledgements given before, with no entry, and binds each new one to one entry', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 20)
    )
    db.exec(`
      INSERT INTO scans (kind, folder, recursive, model_id, tta, flag_threshold, status, started_at)
        VALUES ('scan', '/c', 1, 'm', 0, 0.8, 'done', '2026-01-01');
      INSERT INTO qc_sets (name, folder, blast_class, created_at) VALUES ('daily', '/c', 'ALL', 'now');
      INSERT INTO qc_runs (set_id, scan_id, model_id, scored, correct, blasts, missing, rules, reject, created_at)
        VALUES (1, 1, 'm', 1, 0, 0, 0, '[]', 1, 'now'), (1, 1, 'm', 1, 0, 0, 0, '[]', 1, 'now'),
          (1, 1, 'm', 1, 0, 0, 0, '[]', 1, 'now');
      INSERT INTO qc_acks (run_id, person, note, created_at) VALUES (1, 'anna', 'lamp', 'now');
      INSERT INTO review_log (id, sha256, new_label, reviewer, created_at, prev_hash, hash)
        VALUES (1, '${'a'.repeat(64)}', 'qc-acknowledged', 'ben', 'now', '${'0'.repeat(64)}', '${'b'.repeat(64)}');
    `)
    migrate(db, MIGRATIONS)
    expect(db.prepare('SELECT run_id, audit_entry FROM qc_acks').all()).toEqual([
      { run_id: 1, audit_entry: null }
    ])
    const ack = db.prepare(
      "INSERT INTO qc_acks (run_id, person, note, created_at, audit_entry) VALUES (?, 'ben', 'slide', 'now', ?)"
    )
    ack.run(2, 1)
    // one entry records one acknowledgement, and it is an entry of the log
    expect(() => ack.run(3, 1)).toThrow(/UNIQUE/)
    expect(() => ack.run(3, 9)).toThrow(/FOREIGN KEY/)
    expect(() => db.prepare('UPDATE qc_acks SET audit_entry = NULL').run()).toThrow(/cannot be changed/)
  })
})
