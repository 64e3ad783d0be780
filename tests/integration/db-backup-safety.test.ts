import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { openDatabase } from '../../src/main/core/db/database'
import { backupDatabase, checkDatabase, dailyBackup } from '../../src/main/core/db/backup'
import { openServiceSession } from '../../src/main/services/session'
import { edgeConfig } from '../../src/main/services/config'
import { runCli } from '../helpers/cli'
import { startBusyWriter } from '../helpers/busy-writer'
import { useTmpDirs } from '../helpers/tmp'
import { dataDirWithScans } from '../helpers/scans-db'

const tmp = useTmpDirs()

const withScans = (n: number) => dataDirWithScans(tmp(), n)

describe('backups that cannot hurt the database', () => {
  it('refuse the live database and its -wal/-shm/-journal, by any name (link, hard link, linked folder)', async () => {
    const { dirs, db } = await withScans(50)
    const elsewhere = tmp()
    symlinkSync(dirs.db, join(elsewhere, 'link.db'))
    linkSync(dirs.db, join(elsewhere, 'hard.db'))
    symlinkSync(dirs.root, join(elsewhere, 'data'))
    const targets = [
      dirs.db,
      join(dirs.root, 'sub', '..', 'leukolens.db'),
      join(elsewhere, 'link.db'),
      join(elsewhere, 'hard.db'),
      `${dirs.db}-wal`,
      `${dirs.db}-shm`,
      join(elsewhere, 'data', 'leukolens.db-journal')
    ]
    for (const t of targets)
      await expect(backupDatabase(db, t), t).rejects.toThrow(
        /a backup written there would destroy what it copies/
      )
    expect(checkDatabase(db).ok).toBe(true)
    expect(db.prepare('SELECT count(*) FROM scans').pluck().get()).toBe(50)
    db.close()
  })

  it('`db backup DATA/leukolens.db` while another process writes is refused, and `db check` stays intact', async () => {
    const { dirs, db } = await withScans(50)
    db.close()
    const writer = await startBusyWriter(dirs.db)
    try {
      const r = await runCli('--data-dir', dirs.root, 'db', 'backup', dirs.db)
      expect(r.code).not.toBe(0)
      expect(r.err).toMatch(/is the live database itself/)
    } finally {
      await writer.stop()
    }
    const check = await runCli('--data-dir', dirs.root, 'db', 'check')
    expect(check.code, check.err).toBe(0)
    expect(check.out).toMatch(/intact/)
  })

  it('finishes while another process writes without pause (a stepped copy restarts for ever)', async () => {
    const { dirs, db } = await withScans(2000)
    const writer = await startBusyWriter(dirs.db)
    const file = join(tmp(), 'copy.db')
    try {
      await backupDatabase(db, file)
    } finally {
      await writer.stop()
    }
    const copy = openDatabase(file, { readonly: true })
    expect(checkDatabase(copy).ok).toBe(true)
    expect(copy.prepare('SELECT count(*) FROM scans').pluck().get()).toBe(2000)
    copy.close()
    db.close()
  })

  it('gives up with a sentence when the database stays locked, and leaves no partial file', async () => {
    const dir = tmp()
    const src = join(dir, 'locked.db')
    const db = new BetterSqlite3(src)
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('a')")
    db.pragma('busy_timeout = 50')
    const holder = new BetterSqlite3(src)
    holder.exec("BEGIN EXCLUSIVE; INSERT INTO t VALUES ('b')")
    const out = join(dir, 'out', 'copy.db')
    try {
      await expect(backupDatabase(db, out, { stallMs: 300 })).rejects.toThrow(
        /no backup was made, the database .*locked\.db could not be read for 0 s/
      )
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([])
    db.close()
  })

  it('a read-only folder ends at once with a message naming the file', async () => {
    const { db } = await withScans(1)
    // Tests run as root, for whom chmod blocks nothing; sysfs refuses root too.
    await expect(backupDatabase(db, '/sys/kernel/leukolens-copy.db')).rejects.toThrow(
      /\/sys\/kernel\/leukolens-copy\.db: no backup was made, its folder cannot be written/
    )
    db.close()
  })

  it('a damaged source: `db backup` names the damage; the daily copy refuses it and keeps the older copies', async () => {
    const { dirs, db } = await withScans(300)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const size = statSync(dirs.db).size
    const fd = openSync(dirs.db, 'r+')
    writeSync(fd, Buffer.alloc(4096 * 4, 0xab), 0, 4096 * 4, Math.floor(size / 2 / 4096) * 4096)
    closeSync(fd)
    const copy = join(tmp(), 'copy.db')
    const r = await runCli('--data-dir', dirs.root, 'db', 'backup', copy)
    expect(r.out + r.err).toMatch(/is DAMAGED \(.+\) and so is this copy/)
    const damaged = openDatabase(dirs.db, { readonly: true })
    const daily = join(dirs.root, 'backups')
    await expect(dailyBackup(damaged, daily, { keep: 7 })).rejects.toThrow(/is damaged .*no copy was made/)
    expect(existsSync(daily) ? readdirSync(daily) : []).toEqual([])
    damaged.close()
  })

  it("a killed backup's partial file is removed at the next start; copies and live ones' files stay", async () => {
    const { dirs, db } = await withScans(1)
    db.close()
    const backups = join(dirs.root, 'backups')
    mkdirSync(backups, { recursive: true })
    const dead = 2 ** 22 + 12345 // above Linux's default pid_max: no process has it
    writeFileSync(join(backups, `leukolens-manual-x.db.${dead}.tmp`), 'partial')
    writeFileSync(join(backups, `leukolens-manual-y.db.${process.pid}.tmp`), 'this process: in use')
    writeFileSync(join(backups, 'leukolens-2026-01-01.db'), 'a copy')
    const s = openServiceSession({ edge: edgeConfig({ dataDir: dirs.root }, {}, dirs.root), version: 'test' })
    s.close()
    expect(readdirSync(backups).sort()).toEqual([
      'leukolens-2026-01-01.db',
      `leukolens-manual-y.db.${process.pid}.tmp`
    ])
  })
})
