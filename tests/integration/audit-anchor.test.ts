import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import { backupDatabase } from '../../src/main/core/db/backup'
import { dataDir } from '../../src/main/core/paths'
import { anchorFileOf } from '../../src/main/core/review/anchor'
import { sqliteStore } from '../../src/main/core/db/store'
import { entryHash, GENESIS_HASH, verifyChain, type ChainedRow } from '../../src/main/core/review/chain'
import { reviewOn } from '../helpers/review-on'
import { runCli } from '../helpers/cli'
import { recordScannedCell } from '../helpers/scanned-cell'
import { useTmpDirs } from '../helpers/tmp'
import { serviceHarness } from '../helpers/services'

/**
 * The review log's head is kept outside the database (a file beside it, and beside every backup): what a valid
 * chain can still hide — a removed tail, a chain recomputed after an edit — shows against it.
 */
const tmp = useTmpDirs()
const SHA = 'e'.repeat(64)

/** The chain of a SQLite file the test opened (against the anchor beside it, or `anchorAt`). */
const chainOf = (db: Database, anchorAt?: string | null) =>
  anchorAt === undefined ? verifyChain(sqliteStore(db)) : verifyChain(sqliteStore(db), anchorAt)

async function logOf(n: number): Promise<{ root: string; db: Database; file: string }> {
  const dirs = dataDir(tmp())
  const db = openDatabase(dirs.db)
  await recordScannedCell(db, { folder: '/cells', path: '/cells/a.png', sha256: SHA, pAll: 0.7 })
  for (let i = 0; i < n; i++)
    await reviewOn(db, { sha256: SHA, label: i % 2 ? 'ALL' : 'HEM', reviewer: 'ana' })
  return { root: dirs.root, db, file: dirs.db }
}

const deleteFrom = (db: Database, id: number) => {
  db.exec('DROP TRIGGER review_log_no_delete')
  db.prepare('DELETE FROM review_log WHERE id >= ?').run(id)
}

describe('the anchored review log', () => {
  it('is anchored beside the database after every review', async () => {
    const { db, file } = await logOf(3)
    const anchor = JSON.parse(readFileSync(anchorFileOf(file), 'utf8'))
    expect(anchor).toMatchObject({ entries: 3, lastId: 3, lastHash: (await chainOf(db)).lastHash })
    expect(await chainOf(db)).toMatchObject({ ok: true, entries: 3, anchor: { entries: 3 } })
    db.close()
  })

  it("a bulk review through the app's call anchors the log once its transaction has committed", async () => {
    const h = serviceHarness(tmp())
    try {
      for (const c of ['1', '2', '3'])
        await recordScannedCell(h.db, {
          folder: '/cells',
          path: `/cells/${c}.png`,
          sha256: c.repeat(64),
          pAll: 0.7
        })
      await h.call('settings:set', { reviewer: 'Dr Ana' })
      await h.call('review:submitMany', {
        items: ['1', '2', '3'].map((c) => ({ sha256: c.repeat(64), label: 'HEM' }))
      })
      const anchor = JSON.parse(readFileSync(anchorFileOf(h.dirs.db), 'utf8'))
      expect(anchor).toMatchObject({ entries: 3, lastId: 3, lastHash: (await chainOf(h.db)).lastHash })
      expect(await h.call('review:verify')).toMatchObject({ ok: true, entries: 3 })
    } finally {
      h.close()
    }
  })

  it('after deleting the last five entries, `review verify` exits non-zero and names the gap', async () => {
    const { root, db } = await logOf(20)
    deleteFrom(db, 16)
    expect((await chainOf(db)).broken?.reason).toBe(
      'the log ends at entry 15 but the anchor says 20: the last 5 entries were removed'
    )
    db.close()
    const r = await runCli('--data-dir', root, 'review', 'verify')
    expect(r.code).not.toBe(0)
    expect(r.out + r.err).toMatch(/the log ends at entry 15 but the anchor says 20/)
  })

  it('deleting the last entry, or all of them, is caught too', async () => {
    const one = await logOf(4)
    deleteFrom(one.db, 4)
    expect((await chainOf(one.db)).broken?.reason).toMatch(
      /ends at entry 3 but the anchor says 4: the last 1 entry was removed/
    )
    one.db.close()
    const all = await logOf(4)
    deleteFrom(all.db, 1)
    expect(await chainOf(all.db)).toMatchObject({ ok: false, entries: 0 })
    expect((await chainOf(all.db)).broken?.reason).toMatch(/ends at entry 0 but the anchor says 4/)
    all.db.close()
  })

  it('an entry edited and every hash after it recomputed (a valid chain) does not match the anchor', async () => {
    const { db } = await logOf(6)
    db.exec('DROP TRIGGER review_log_no_update')
    const rows = db.prepare('SELECT * FROM review_log ORDER BY id').all() as ChainedRow[]
    let prev = GENESIS_HASH
    for (const r of rows) {
      const row = r.id === 2 ? { ...r, new_label: 'ALL', note: 'rewritten' } : r
      const hash = entryHash(row, prev)
      db.prepare('UPDATE review_log SET new_label = ?, note = ?, prev_hash = ?, hash = ? WHERE id = ?').run(
        row.new_label,
        row.note,
        prev,
        hash,
        r.id
      )
      prev = hash
    }
    // The chain alone is satisfied...
    expect((await chainOf(db, null)).ok).toBe(true)
    // ...the anchor is not.
    const r = await chainOf(db)
    expect(r.ok).toBe(false)
    expect(r.broken).toMatchObject({ id: 6 })
    expect(r.broken?.reason).toMatch(/entry 6 does not have the hash the anchor recorded/)
    db.close()
  })

  it('a backup carries its own anchor, and the copy verifies against it', async () => {
    const { db } = await logOf(5)
    const copy = join(tmp(), 'copy.db')
    await backupDatabase(db, copy)
    expect(existsSync(anchorFileOf(copy))).toBe(true)
    const c = openDatabase(copy, { readonly: true })
    expect(await chainOf(c, anchorFileOf(copy))).toMatchObject({
      ok: true,
      entries: 5,
      anchor: { entries: 5 }
    })
    c.close()
    db.close()
  })

  it('`db check` names a dropped trigger and exits non-zero', async () => {
    const { root, db } = await logOf(1)
    db.exec('DROP TRIGGER review_log_no_delete')
    db.close()
    const r = await runCli('--data-dir', root, 'db', 'check')
    expect(r.code).not.toBe(0)
    expect(r.out).toMatch(/trigger review_log_no_delete is missing/)
    expect(r.err).toMatch(/lacks 1 trigger\(s\) of its schema \(review_log_no_delete\)/)
  })
})
