/**
 * One reviewer's process for the concurrency tests: opens its own connection to the store (a SQLite file, or a
 * PostgreSQL URL), appends `n` reviews of the given contents as `reviewer`, prints how many it stored, and exits.
 * Run with `node --import tsx review-writer.ts ENGINE PLACE N REVIEWER SHA[,SHA…]`.
 */
import { openDatabase } from '../../src/main/core/db/database'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { appendReview } from '../../src/main/core/review/log'

async function main(): Promise<void> {
  const [engine, place, n, reviewer, shas] = process.argv.slice(2)
  const db = engine === 'sqlite' ? openDatabase(place) : undefined
  const store: Store = db ? sqliteStore(db) : postgresStore(place, { poolSize: 2 })
  const contents = shas.split(',')
  try {
    for (let i = 0; i < Number(n); i++)
      await appendReview(store, {
        sha256: contents[i % contents.length],
        label: i % 2 ? 'ALL' : 'HEM',
        reviewer
      })
    process.stdout.write(`${n}\n`)
  } finally {
    await store.close()
    db?.close()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
