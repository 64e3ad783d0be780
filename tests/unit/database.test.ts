import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { migrate, NewerDatabaseError, openDatabase, SCHEMA_VERSION } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import type { Migration } from '../../src/main/core/db/migration'
import { useTmpDirs } from '../helpers/tmp'

describe('database migrations', () => {
  const tmp = useTmpDirs()

  it('brings an empty in-memory database to the latest schema version', () => {
    const db = openDatabase(':memory:')
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
  })

  it('numbers migrations 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })

  it('applies each migration on top of the previous ones and creates only STRICT tables', () => {
    for (let n = 1; n <= MIGRATIONS.length; n++) {
      const db = new BetterSqlite3(':memory:')
      expect(migrate(db, MIGRATIONS.slice(0, n))).toBe(n)
      // Ordinary tables only: a full-text index (virtual table) and its shadow tables are FTS5's own.
      const ordinary = new Set(
        (db.pragma('table_list') as { name: string; type: string }[])
          .filter((t) => t.type === 'table')
          .map((t) => t.name)
      )
      const tables = db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string; sql: string }[]
      for (const t of tables.filter((x) => ordinary.has(x.name)))
        expect(t.sql, t.name).toMatch(/\)\s*STRICT\s*$/i)
      expect(ordinary.size).toBeGreaterThan(0)
      db.close()
    }
  })

  it('rolls back every step of a failing migration batch', () => {
    const db = new BetterSqlite3(':memory:')
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up: (d) => d.exec('CREATE TABLE x(')
    }
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 })
  })

  it('refuses a database written by a newer version with a clear message and leaves it untouched', () => {
    const file = join(tmp(), 'newer.db')
    const raw = new BetterSqlite3(file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    raw.close()
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError)
    expect(() => openDatabase(file)).toThrow(/newer version of Leukolens/)
    const again = new BetterSqlite3(file)
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5)
    again.close()
  })

  it('uses WAL on a file database', () => {
    const db = openDatabase(join(tmp(), 'wal.db'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })
})
