import { existsSync, readdirSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { openDatabase } from '../../src/main/core/db/database'
import { backupDatabase, checkDatabase, dailyBackup } from '../../src/main/core/db/backup'
import { runCli } from '../helpers/cli'
import { useTmpDirs } from '../helpers/tmp'
import { dataDirWithScans } from '../helpers/scans-db'

const tmp = useTmpDirs()

const withScans = (n: number) => dataDirWithScans(tmp(), n)

describe('database backups', () => {
  it('a backup taken while another connection writes is a consistent, intact database', async () => {
    const { dirs, db } = await withScans(200)
    const writer = new BetterSqlite3(dirs.db)
    const insert = writer.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', 'now')")
    let i = 0
    const timer = setInterval(() => insert.run(`k${i++}`), 1)
    const file = join(tmp(), 'copy.db')
    try {
      await backupDatabase(db, file)
    } finally {
      clearInterval(timer)
      writer.close()
    }
    const copy = openDatabase(file, { readonly: true })
    expect(checkDatabase(copy)).toEqual({ ok: true, problems: [] })
    expect(copy.prepare('SELECT count(*) FROM scans').pluck().get()).toBe(200)
    copy.close()
    db.close()
  })

  it('the daily copy: at most one a day, the newest N kept', async () => {
    const { dirs, db } = await withScans(1)
    const dir = join(dirs.root, 'backups')
    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-03'])
      await dailyBackup(db, dir, { keep: 2, now: new Date(`${day}T12:00:00Z`) })
    // Each copy with its audit-log anchor beside it (review/anchor.ts); an old copy goes with its anchor.
    expect(readdirSync(dir).sort()).toEqual([
      'leukolens-2026-11-02.db',
      'leukolens-2026-11-02.db-audit-anchor.json',
      'leukolens-2026-11-03.db',
      'leukolens-2026-11-03.db-audit-anchor.json'
    ])
    db.close()
  })

  it('`db backup FILE` writes the copy; `db check` passes on it and fails (exit 1) on a damaged file', async () => {
    const { dirs, db } = await withScans(300)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const copy = join(tmp(), 'copy.db')
    const b = await runCli('--data-dir', dirs.root, '--json', 'db', 'backup', copy)
    expect(b.code, b.err).toBe(0)
    expect(JSON.parse(b.out).file).toBe(copy)
    expect(existsSync(copy)).toBe(true)
    const ok = await runCli('--data-dir', dirs.root, 'db', 'check')
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toContain('intact')
    // Damage the database file's pages in the middle (not its header): integrity_check finds it.
    const size = statSync(dirs.db).size
    const fd = openSync(dirs.db, 'r+')
    writeSync(fd, Buffer.alloc(4096 * 4, 0xab), 0, 4096 * 4, Math.floor(size / 2 / 4096) * 4096)
    closeSync(fd)
    const bad = await runCli('--data-dir', dirs.root, 'db', 'check')
    expect(bad.code).not.toBe(0)
    expect(bad.err).toMatch(/damaged/)
    writeFileSync(join(tmp(), 'unused'), '')
  })
})
