import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { sqliteStore } from '../../src/main/core/db/store'
import { appendReview, reviewLog } from '../../src/main/core/review/log'
import { verifyChain } from '../../src/main/core/review/chain'
import { recordScannedCell } from '../helpers/scanned-cell'
import { useTmpDirs } from '../helpers/tmp'
import { startBusyWriter } from '../helpers/busy-writer'

const tmp = useTmpDirs()

describe('reviews while another process writes', () => {
  it('every review lands in the log: none is refused with "database is locked"', async () => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const shas = Array.from({ length: 30 }, (_, i) => i.toString(16).padStart(64, '0'))
    for (const [i, sha256] of shas.entries())
      await recordScannedCell(db, { folder: `/cells/${i}`, path: `/cells/${i}/c.png`, sha256, pAll: 0.9 })
    const store = sqliteStore(db)
    const writer = await startBusyWriter(dirs.db)
    try {
      const failures: string[] = []
      for (const sha256 of shas) {
        try {
          await appendReview(store, { sha256, label: 'HEM', reviewer: 'ana' })
        } catch (err) {
          failures.push((err as Error).message)
        }
        // Let the writer take the lock again between reviews, as a person's clicks do.
        await new Promise((r) => setTimeout(r, 5))
      }
      expect(failures).toEqual([])
    } finally {
      await writer.stop()
    }
    expect(await reviewLog(store.k)).toHaveLength(30)
    expect((await verifyChain(store)).ok).toBe(true)
    db.close()
  })
})
