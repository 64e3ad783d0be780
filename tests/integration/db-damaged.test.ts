import { closeSync, copyFileSync, existsSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openServiceSession, type ServiceSession } from '../../src/main/services/session'
import { edgeConfig } from '../../src/main/services/config'
import { backupNow, checkIntegrity, scheduledBackup } from '../../src/main/services/backup'
import { damageMarker } from '../../src/main/core/db/damage'
import { useTmpDirs } from '../helpers/tmp'
import { runCli } from '../helpers/cli'

const tmp = useTmpDirs()
const opened: ServiceSession[] = []
afterEach(() => {
  while (opened.length) opened.pop()!.close()
})

function open(root: string): ServiceSession {
  const s = openServiceSession({
    edge: edgeConfig({ dataDir: root }, {}, join(root, '.default')),
    version: 'test'
  })
  opened.push(s)
  return s
}

/**
 * A data folder whose `scans` table is damaged (its root page overwritten with 0xFF) while the rest of the file is
 * good: reading scans meets SQLITE_CORRUPT, but a write to `settings` would still go through. Returns a copy of the
 * good database taken before the damage.
 */
async function damagedFolder(): Promise<{ root: string; db: string; good: string }> {
  const root = tmp()
  const s = open(root)
  await s.call('settings:set', { reviewer: 'Ada' })
  const good = join(tmp(), 'good.db')
  await backupNow(s.ctx, good)
  const page = s.ctx.db.pragma('page_size', { simple: true }) as number
  const rootPage = s.ctx.db
    .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'scans'")
    .pluck()
    .get() as number
  opened.pop()!.close() // the last connection's close checkpoints the WAL into the file
  const db = join(root, 'leukolens.db')
  expect(existsSync(`${db}-wal`)).toBe(false)
  const fd = openSync(db, 'r+')
  writeSync(fd, Buffer.alloc(page, 0xff), 0, page, (rootPage - 1) * page)
  closeSync(fd)
  return { root, db, good }
}

const DAMAGED =
  /leukolens\.db is damaged \((.*malformed.*|file is not a database)\), so Leukolens no longer writes to it: restore a copy from .*backups \(or one made with `leukolens db backup`\) as the README's "Backups" section says, then run `leukolens db check`\.$/

describe('a damaged database', () => {
  it('stops every write after SQLite reports the damage, in this session and the next, until db check passes', async () => {
    const { root, db, good } = await damagedFolder()
    const s = open(root)
    const list = await s.dispatch('scans:list', undefined)
    expect(list.ok).toBe(false)
    if (!list.ok) {
      expect(list.error.name).toBe('DatabaseDamagedError')
      expect(list.error.message).toMatch(DAMAGED)
    }
    // The settings table is intact: without the stop this write would succeed.
    const set = await s.dispatch('settings:set', { reviewer: 'Bob' })
    expect(set).toMatchObject({ ok: false, error: { name: 'DatabaseDamagedError' } })
    expect(existsSync(damageMarker(db))).toBe(true)
    opened.pop()!.close()

    // The next process refuses writes from the start; reads still work, and no daily copy of the damage is made.
    const next = open(root)
    expect((await next.call('settings:get')).reviewer).toBe('Ada')
    const again = await next.dispatch('settings:set', { reviewer: 'Bob' })
    expect(again.ok || again.error.message).toMatch(DAMAGED)
    expect(await scheduledBackup(next.ctx)).toBeUndefined()
    opened.pop()!.close()

    // The README's restore: the good copy in place, then `db check` finds it intact and writes are allowed again.
    copyFileSync(good, db)
    for (const f of [`${db}-wal`, `${db}-shm`]) rmSync(f, { force: true })
    const restored = open(root)
    expect((await checkIntegrity(restored.ctx)).ok).toBe(true)
    expect(existsSync(damageMarker(db))).toBe(false)
    expect((await restored.call('settings:set', { reviewer: 'Bob' })).reviewer).toBe('Bob')
  })

  it('stops writes when db check finds the file damaged, before any call met the damage', async () => {
    const { root } = await damagedFolder()
    const s = open(root)
    const check = await checkIntegrity(s.ctx)
    expect(check.ok).toBe(false)
    const set = await s.dispatch('settings:set', { reviewer: 'Bob' })
    expect(set.ok || set.error.message).toMatch(DAMAGED)
    expect(set.ok || set.error.message).toMatch(/integrity_check/)
  })

  it('a file SQLite cannot read at all (SQLITE_NOTADB) is refused at open, and recorded for the next start', async () => {
    const { root, db } = await damagedFolder()
    const fd = openSync(db, 'r+')
    writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0) // the 100-byte header: "SQLite format 3" gone
    closeSync(fd)
    expect(() => open(root)).toThrow(DAMAGED)
    expect(existsSync(damageMarker(db))).toBe(true)
  })

  it('a command meeting the damage says so in one line, exits 1, and the next command cannot write', async () => {
    const { root, db } = await damagedFolder()
    const history = await runCli('--data-dir', root, 'history', '--scans')
    expect(history.code).toBe(1)
    expect(history.err.replace(/^leukolens: /, '').trim()).toMatch(DAMAGED)
    expect(existsSync(damageMarker(db))).toBe(true)
    const set = await runCli('--data-dir', root, 'settings', 'reviewer', 'Bob')
    expect(set.code).toBe(1)
    expect(set.err.replace(/^leukolens: /, '').trim()).toMatch(DAMAGED)
  })

  it('names the damage when a command calls a service itself', async () => {
    const { root, db } = await damagedFolder()
    const s = open(root)
    expect(s.afterFailure(new Error('unrelated'))).toMatchObject({ message: 'unrelated' })
    const err = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })
    expect((s.afterFailure(err) as Error).message).toMatch(DAMAGED)
    expect(existsSync(damageMarker(db))).toBe(true)
  })
})
