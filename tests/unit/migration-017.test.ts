import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import { useStores } from '../helpers/engines'

const SORT_INDEXES = [
  'predictions_by_time',
  'predictions_by_class_time',
  'predictions_by_flag_time',
  'predictions_by_model_time',
  'predictions_by_confidence',
  'predictions_by_class_confidence',
  'predictions_by_flag_confidence',
  'predictions_by_model_confidence',
  'scan_items_by_path'
]

describe('migration 017 (History sort keys end in the id)', () => {
  it('on SQLite advances the version and leaves the indexes, which end in the rowid already', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 17)
    )
    const indexes = () =>
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all()
    const before = indexes()
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 17)
    )
    expect(db.pragma('user_version', { simple: true })).toBe(17)
    expect(indexes()).toEqual(before)
    db.close()
  })

  const open = useStores('postgres')
  it('on PostgreSQL ends each History sort index in the id, so a page after a cursor is one index range', async () => {
    const store = await open()
    const r = await sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN (${sql.join(SORT_INDEXES)})`.execute(
      store.k
    )
    expect(r.rows.map((x) => x.indexname).sort()).toEqual([...SORT_INDEXES].sort())
    for (const x of r.rows) expect(x.indexdef, x.indexname).toMatch(/, id\)$/)
    // A folder's prefix is one range of the paths in character order.
    const prefix = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes WHERE indexname = 'scan_items_by_path_prefix'`.execute(store.k)
    expect(prefix.rows[0]?.indexdef).toMatch(/\(path text_pattern_ops\)/)
  })
})
