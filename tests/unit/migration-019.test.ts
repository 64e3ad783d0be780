import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

describe('migration 019 (cell copies)', () => {
  it('adds the copies of model inputs to a database of version 16, each naming a stored blob', () => {
    const db = new BetterSqlite3(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 16)
    )
    db.prepare("INSERT INTO blobs (sha256, bytes, size, created_at) VALUES (?, x'0102', 2, 'now')").run(
      'b'.repeat(64)
    )
    migrate(db, MIGRATIONS)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    const insert = db.prepare(
      "INSERT INTO cell_copies (image_sha256, side, resize, blob_sha256) VALUES (?, 224, 'nearest', ?)"
    )
    insert.run('a'.repeat(64), 'b'.repeat(64))
    // A copy must be stored before it is named; one copy per content, side and resize method.
    expect(() => insert.run('c'.repeat(64), 'e'.repeat(64))).toThrow(/FOREIGN KEY/)
    expect(() => insert.run('a'.repeat(64), 'b'.repeat(64))).toThrow(/UNIQUE/)
    // The blob store's references are indexed, so finding unused blobs reads no whole table.
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT 1 FROM scan_items WHERE thumbnail_sha256 = ? UNION ALL SELECT 1 FROM stored_files WHERE sha256 = ?'
      )
      .all('x', 'y') as { detail: string }[]
    expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/SCAN (scan_items|stored_files)\b(?! USING)/)
    db.close()
  })
})
