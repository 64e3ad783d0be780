import { openSync, closeSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { NewerDatabaseError, openDatabase, SCHEMA_VERSION } from '../../src/main/core/db/database'
import { useTmpDirs } from '../helpers/tmp'

/** What opening the database says when the file or its folder is the problem, and what it leaves untouched. */
const tmp = useTmpDirs()

describe('opening the database', () => {
  it('refuses a newer database without switching its rollback journal to WAL', () => {
    const file = join(tmp(), 'newer.db')
    const raw = new BetterSqlite3(file)
    raw.pragma('journal_mode = DELETE')
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    raw.close()
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError)
    const again = new BetterSqlite3(file, { readonly: true })
    expect(again.pragma('journal_mode', { simple: true })).toBe('delete')
    again.close()
  })

  it('a damaged file: one sentence naming it and pointing to a backup', () => {
    const file = join(tmp(), 'damaged.db')
    const db = openDatabase(file)
    db.exec('CREATE TABLE filler (x TEXT)')
    const ins = db.prepare('INSERT INTO filler VALUES (?)')
    for (let i = 0; i < 300; i++) ins.run('y'.repeat(1000))
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 0)
    closeSync(fd)
    expect(() => openDatabase(file)).toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(.*\\); Leukolens stops writing to it\\. Restore a backup`
      )
    )
  })
})
