import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

describe('migration 018 (scan host and heartbeat)', () => {
  it("adds the scan's machine and heartbeat, empty on the scans already stored", () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 18)
    )
    db.prepare(
      `INSERT INTO scans (kind, folder, recursive, model_id, tta, flag_threshold, status, pid, started_at)
       VALUES ('scan', '/c', 1, 'm', 0, 0.8, 'running', 77, '2026-01-01')`
    ).run()
    migrate(db, MIGRATIONS)
    expect(db.prepare('SELECT pid, host, heartbeat_at FROM scans').all()).toEqual([
      { pid: 77, host: null, heartbeat_at: null }
    ])
  })
})
