import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { writeScanReport } from '../../src/main/core/report/build'
import { writeHistoryCsv } from '../../src/main/core/report/csv'
import { lastHash } from '../../src/main/core/review/chain'
import { sqliteStore } from '../../src/main/core/db/store'
import { reviewOn } from '../helpers/review-on'
import { queryHistory } from '../../src/main/core/scan/history'
import { finishScan } from '../../src/main/core/scan/store'
import { recordScannedCell } from '../helpers/scanned-cell'
import { useTmpDirs } from '../helpers/tmp'
import { dbsOf, storeOf } from '../helpers/scan-store'

/** Exports carry the review log's last chain hash, and the report says whether the chain is intact. */
const tmp = useTmpDirs()
const SHA = 'c'.repeat(64)

async function reviewed() {
  const dir = tmp()
  const db = openDatabase(join(dir, 'r.db'))
  const scan = await recordScannedCell(db, {
    folder: dir,
    path: join(dir, 'missing.png'),
    sha256: SHA,
    pAll: 0.6
  })
  await finishScan(storeOf(db).k, scan.id, 'done')
  await reviewOn(db, { sha256: SHA, label: 'HEM', reviewer: 'ana' })
  await reviewOn(db, { sha256: SHA, label: 'ALL', reviewer: 'ben' })
  return { dir, db, scanId: scan.id }
}

describe('exports carry the audit hash', () => {
  it('the predictions CSV has the last hash on every line', async () => {
    const { dir, db, scanId } = await reviewed()
    const file = join(dir, 'out.csv')
    writeHistoryCsv(file, await queryHistory(storeOf(db), { scanId }), await lastHash(sqliteStore(db).k))
    const [header, line] = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
    expect(header.split(',').at(-1)).toBe('audit_log_hash')
    expect(line.split(',').at(-1)).toBe(await lastHash(sqliteStore(db).k))
    expect(await lastHash(sqliteStore(db).k)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('the report shows the chain intact with its last hash, and names the broken entry after an edit', async () => {
    const { dir, db, scanId } = await reviewed()
    const file = join(dir, 'report.html')
    await writeScanReport(dbsOf(db), scanId, undefined, 0.1, file)
    expect(readFileSync(file, 'utf8')).toContain(
      `2 entries, hash chain intact; last hash <code>${await lastHash(sqliteStore(db).k)}</code>`
    )
    db.exec('DROP TRIGGER review_log_no_update')
    db.prepare("UPDATE review_log SET note = 'changed' WHERE id = 1").run()
    await writeScanReport(dbsOf(db), scanId, undefined, 0.1, file)
    expect(readFileSync(file, 'utf8')).toContain('the hash chain is broken at entry 1')
  })
})

describe('the app asks for the chain state through the contract', () => {
  it('review:verify answers intact, then names the edited entry', async () => {
    const { openServiceSession } = await import('../../src/main/services/session')
    const { edgeConfig } = await import('../../src/main/services/config')
    const root = tmp()
    const s = openServiceSession({ edge: edgeConfig({ dataDir: root }, {}, root), version: 'test' })
    try {
      const db = s.ctx.db
      await recordScannedCell(db, { folder: root, path: join(root, 'a.png'), sha256: SHA, pAll: 0.6 })
      await reviewOn(db, { sha256: SHA, label: 'HEM', reviewer: 'ana' })
      expect(await s.call('review:verify')).toEqual({
        ok: true,
        entries: 1,
        lastHash: await lastHash(sqliteStore(db).k),
        anchor: {
          file: `${s.ctx.dirs.db}-audit-anchor.json`,
          entries: 1,
          lastHash: await lastHash(sqliteStore(db).k)
        }
      })
      db.exec('DROP TRIGGER review_log_no_update')
      db.prepare("UPDATE review_log SET reviewer = 'x' WHERE id = 1").run()
      expect(await s.call('review:verify')).toMatchObject({ ok: false, broken: { id: 1 } })
    } finally {
      s.close()
    }
  })
})
