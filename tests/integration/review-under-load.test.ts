import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { appendReview, reviewLog } from '../../src/main/core/review/log'
import { verifyChain } from '../../src/main/core/review/chain'
import { recordScannedCell } from '../helpers/scanned-cell'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()

/**
 * Another process that writes to the database without pause, each transaction holding the write lock for a
 * moment: what a scan does while a person reviews. It prints "ready" once it writes, and stops on stdin's end.
 */
function busyWriter(file: string): ChildProcess {
  const script = `
    const Db = require(${JSON.stringify(require.resolve('better-sqlite3'))})
    const db = new Db(${JSON.stringify(file)})
    db.pragma('busy_timeout = 5000')
    db.exec('CREATE TABLE IF NOT EXISTS load_rows (n INTEGER, pad TEXT)')
    const ins = db.prepare('INSERT INTO load_rows VALUES (?, ?)')
    const batch = db.transaction((k) => { for (let i = 0; i < 400; i++) ins.run(k, 'x'.repeat(200)) })
    let stop = false
    process.stdin.on('end', () => { stop = true }).resume()
    let k = 0
    const step = () => {
      if (stop) { db.close(); return }
      batch(k++)
      if (k === 1) process.stdout.write('ready\\n')
      setImmediate(step)
    }
    step()`
  return spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
}

describe('reviews while another process writes', () => {
  it('every review lands in the log: none is refused with "database is locked"', async () => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const shas = Array.from({ length: 30 }, (_, i) => i.toString(16).padStart(64, '0'))
    for (const [i, sha256] of shas.entries())
      recordScannedCell(db, { folder: `/cells/${i}`, path: `/cells/${i}/c.png`, sha256, pAll: 0.9 })
    const writer = busyWriter(dirs.db)
    try {
      await once(writer.stdout!, 'data')
      const failures: string[] = []
      for (const sha256 of shas) {
        try {
          appendReview(db, { sha256, label: 'HEM', reviewer: 'ana' })
        } catch (err) {
          failures.push((err as Error).message)
        }
        // Let the writer take the lock again between reviews, as a person's clicks do.
        await new Promise((r) => setTimeout(r, 5))
      }
      expect(failures).toEqual([])
    } finally {
      writer.stdin!.end()
      await once(writer, 'close')
    }
    expect(reviewLog(db)).toHaveLength(30)
    expect(verifyChain(db).ok).toBe(true)
    db.close()
  })
})
