import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

describe('migration 015 (blobs)', () => {
  it('adds the blob store and a thumbnail column to the scan items a database of version 12 holds', () => {
    const db = new BetterSqlite3(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 12)
    )
    db.prepare(
      `INSERT INTO scans (kind, folder, recursive, model_id, tta, flag_threshold, status, started_at)
       VALUES ('scan', '/c', 1, 'm', 0, 0.8, 'done', '2026-01-01')`
    ).run()
    db.prepare(
      "INSERT INTO scan_items (scan_id, path, sha256, error, created_at) VALUES (1, '/c/a.png', NULL, 'unreadable', 'now')"
    ).run()
    migrate(db, MIGRATIONS)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    expect(db.prepare('SELECT path, thumbnail_sha256 FROM scan_items').all()).toEqual([
      { path: '/c/a.png', thumbnail_sha256: null }
    ])
    // A thumbnail must be stored before an item names it; a blob's size is its length.
    expect(() => db.prepare(`UPDATE scan_items SET thumbnail_sha256 = '${'a'.repeat(64)}'`).run()).toThrow(
      /FOREIGN KEY/
    )
    expect(() =>
      db
        .prepare("INSERT INTO blobs (sha256, bytes, size, created_at) VALUES (?, x'0102', 3, 'now')")
        .run('a'.repeat(64))
    ).toThrow(/CHECK/)
    db.prepare("INSERT INTO blobs (sha256, bytes, size, created_at) VALUES (?, x'0102', 2, 'now')").run(
      'a'.repeat(64)
    )
    db.prepare(`UPDATE scan_items SET thumbnail_sha256 = '${'a'.repeat(64)}'`).run()
    db.close()
  })
})
