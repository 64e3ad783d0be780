import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import { sqliteStore, type Engine, type Store } from '../../src/main/core/db/store'
import { verifyChain } from '../../src/main/core/review/chain'
import { reviewLog } from '../../src/main/core/review/log'
import { ENGINES, freshPostgresDatabase } from '../helpers/engines'
import { seedScan } from '../helpers/review-seed'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const WRITER = resolve(__dirname, '../helpers/review-writer.ts')
const N = 25
const SHAS = ['1', '2', '3', '4'].map((c) => c.repeat(64))

/** One reviewer's process (its own connection); resolves with what it printed, rejects with its stderr. */
function reviewerProcess(engine: Engine, place: string, name: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WRITER, engine, place, String(N), name, SHAS.join(',')],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
    child.on('close', (code) =>
      code === 0 ? done(out.trim()) : fail(new Error(`${name} exited ${code}: ${err}`))
    )
  })
}

/** A store of the engine that other processes can open too: a temporary SQLite FILE, or a new database. */
async function sharedStore(engine: Engine): Promise<{ store: Store; place: string; end(): Promise<void> }> {
  if (engine === 'sqlite') {
    const file = join(tmp(), 'shared.db')
    const db = openDatabase(file)
    const store = sqliteStore(db)
    return { store, place: file, end: async () => void (await store.close(), db.close()) }
  }
  const database = await freshPostgresDatabase()
  const store = postgresStore(database.url)
  return { store, place: database.url, end: async () => (await store.close(), await database.drop()) }
}

describe.each(ENGINES)('three reviewers appending at once on %s', (engine) => {
  it(`keeps one chain: ${3 * N} entries, and it verifies`, async () => {
    const shared = await sharedStore(engine)
    try {
      await seedScan(
        shared.store,
        SHAS.map((sha256, i) => ({ sha256, path: `/cells/${i}.png`, predicted: 'ALL' }))
      )
      const done = await Promise.all(
        ['ana', 'ben', 'cy'].map((n) => reviewerProcess(engine, shared.place, n))
      )
      expect(done).toEqual([String(N), String(N), String(N)])
      const log = await reviewLog(shared.store.k)
      expect(log).toHaveLength(3 * N)
      // Every writer's entries made it, interleaved in one order.
      for (const name of ['ana', 'ben', 'cy']) expect(log.filter((e) => e.reviewer === name)).toHaveLength(N)
      expect(log.map((e) => e.id)).toEqual(log.map((_, i) => i + 1))
      expect(await verifyChain(shared.store)).toMatchObject({ ok: true, entries: 3 * N })
    } finally {
      await shared.end()
    }
  })
})
