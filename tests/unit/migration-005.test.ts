import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'

const sha = (i: number): string => i.toString(16).padStart(64, '0')

/** A version-4 database holding a folder scan and a quick check stored the old way (folder prefix). */
function version4(): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:')
  migrate(db, MIGRATIONS.slice(0, 4))
  const scan = db.prepare(
    `INSERT INTO scans (folder, recursive, model_id, tta, flag_threshold, status, started_at) VALUES (?, 0, 'm1', 0, 0.8, 'done', '2026-11-01T00:00:00Z')`
  )
  scan.run('/lab/day1')
  scan.run('quick-check:/home/ana/picked')
  const pred = db.prepare(
    `INSERT INTO predictions (sha256, model_id, tta, classes, probabilities, predicted, confidence, flagged, backend, created_at)
     VALUES (?, 'm1', 0, '["ALL","HEM"]', '[0.9,0.1]', 'ALL', 0.9, 0, 'wasm', '2026-11-01T00:00:00Z')`
  )
  const item = db.prepare(
    'INSERT INTO scan_items (scan_id, path, sha256, prediction_id, created_at) VALUES (?, ?, ?, ?, ?)'
  )
  pred.run(sha(1))
  item.run(1, '/lab/day1/UID_2_1.bmp', sha(1), 1, '2026-11-01T00:00:00Z')
  pred.run(sha(2))
  item.run(2, '/home/ana/picked/cell.png', sha(2), 2, '2026-11-01T00:00:00Z')
  return db
}

describe('migration 005 (history indexes, scan kind)', () => {
  it('marks the quick checks stored with a folder prefix as kind quick, with the bare folder', () => {
    const db = version4()
    expect(migrate(db, MIGRATIONS.slice(0, 5))).toBe(5)
    expect(db.prepare('SELECT id, kind, folder FROM scans ORDER BY id').all()).toEqual([
      { id: 1, kind: 'scan', folder: '/lab/day1' },
      { id: 2, kind: 'quick', folder: '/home/ana/picked' }
    ])
    expect(() => db.prepare("UPDATE scans SET kind = 'other' WHERE id = 1").run()).toThrow(/CHECK/)
    db.close()
  })

  it('indexes the paths already stored and keeps the index in step with new, changed and removed items', () => {
    const db = version4()
    migrate(db, MIGRATIONS.slice(0, 5))
    const find = (text: string): number[] =>
      (
        db
          .prepare('SELECT rowid FROM scan_item_paths WHERE path LIKE ? ORDER BY rowid')
          .raw(true)
          .all(`%${text}%`) as [number][]
      ).map((r) => r[0])
    expect(find('uid_2_1')).toEqual([1])
    db.prepare(
      'INSERT INTO scan_items (scan_id, path, sha256, prediction_id, created_at) VALUES (1, ?, ?, 1, ?)'
    ).run('/lab/day1/UID_2_9.bmp', sha(1), '2026-11-02T00:00:00Z')
    expect(find('UID_2_')).toEqual([1, 3])
    db.prepare("UPDATE scan_items SET path = '/lab/day1/renamed.bmp' WHERE id = 1").run()
    expect(find('UID_2_')).toEqual([3])
    expect(find('renamed')).toEqual([1])
    db.prepare('DELETE FROM scan_items WHERE id = 3').run()
    expect(find('UID_2_')).toEqual([])
    db.close()
  })

  it('creates the History indexes', () => {
    const db = version4()
    migrate(db, MIGRATIONS.slice(0, 5))
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all()
    expect(indexes).toEqual(
      expect.arrayContaining([
        'predictions_by_confidence',
        'predictions_by_flag_time',
        'predictions_by_flag_confidence',
        'scan_items_by_content',
        'scans_by_kind'
      ])
    )
    db.close()
  })
})
