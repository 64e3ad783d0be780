import { mkdirSync } from 'node:fs'
import { sqliteStore } from '../../src/main/core/db/store'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { reviewOn } from '../helpers/review-on'
import { getSetting } from '../../src/main/core/scan/settings'
import { runCli } from '../helpers/cli'
import { recordScannedCell } from '../helpers/scanned-cell'
import { useTmpDirs } from '../helpers/tmp'

/** User input is checked where it enters: empty values, nonsense settings, made-up images, unbounded workers. */
const tmp = useTmpDirs()
const SHA = 'a'.repeat(64)

async function seeded(): Promise<string> {
  const dirs = dataDir(tmp())
  const db = openDatabase(dirs.db)
  await recordScannedCell(db, { folder: '/cells', path: '/cells/a.png', sha256: SHA, pAll: 0.7 })
  for (const label of ['HEM', 'ALL', 'HEM']) await reviewOn(db, { sha256: SHA, label, reviewer: 'ana' })
  db.close()
  return dirs.root
}

describe('empty and nonsense values at the command line', () => {
  it('settings scan.flagThreshold "" (or blank) is refused and stores nothing', async () => {
    const root = await seeded()
    for (const v of ['', '  ']) {
      const r = await runCli('--data-dir', root, 'settings', 'scan.flagThreshold', v)
      expect(r.code, r.err).toBe(2)
      expect(r.err).toMatch(/settings: the value argument is empty/)
    }
    const db = openDatabase(join(root, 'leukolens.db'))
    expect(await getSetting(sqliteStore(db).k, 'scan.flagThreshold')).toBeUndefined()
    db.close()
  })

  it('models show "" does not fall back to the active model', async () => {
    const r = await runCli('--data-dir', await seeded(), 'models', 'show', '')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/show: the id argument is empty/)
  })

  it("--workers above the machine's cores is refused before anything starts", async () => {
    const root = await seeded()
    const folder = join(root, 'empty-folder')
    mkdirSync(folder)
    const r = await runCli('--data-dir', root, 'scan', folder, '--workers', '1000')
    expect(r.code).toBe(2)
    expect(r.err).toContain(
      `invalid --workers "1000": this machine has ${availableParallelism()} logical core(s)`
    )
  })

  it('a review of a made-up SHA-256 is refused', async () => {
    const r = await runCli('--data-dir', await seeded(), 'review', 'b'.repeat(64), '--label', 'ALL')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/has never been scanned/)
  })
})

describe('leukolens review verify', () => {
  it('passes on an intact log, then names the entry edited after DROP TRIGGER and exits non-zero', async () => {
    const root = await seeded()
    const ok = await runCli('--data-dir', root, 'review', 'verify')
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toMatch(/Audit log intact: 3 entries, last hash [0-9a-f]{64}/)
    const db = openDatabase(join(root, 'leukolens.db'))
    db.exec('DROP TRIGGER review_log_no_update')
    db.prepare("UPDATE review_log SET reviewer = 'mallory' WHERE id = 2").run()
    db.close()
    const bad = await runCli('--data-dir', root, 'review', 'verify')
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/Audit log BROKEN at entry 2: its content does not match its hash/)
    expect(bad.err).toMatch(/does not verify from entry 2 on/)
  })
})
