/**
 * Import throughput on the real Aria folder (2,441 JPEGs): each run imports into a fresh store — a temporary data
 * folder's SQLite file (WAL, as the command line uses), or a fresh database on a PostgreSQL server started here as
 * the tests start theirs — for several concurrency levels, then once more into the same dataset to time a
 * re-import that finds nothing new. Prints measured figures only.
 *
 *   npm run bench:import            (LEUKOLENS_SHARED=/path/to/shared to point elsewhere)
 *   BENCH_ENGINES=postgres BENCH_CONCURRENCY=8 npm run bench:import
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { openPostgresStore } from '../src/main/core/db/postgres/store'
import { sqliteStore, type Engine, type Store } from '../src/main/core/db/store'
import { importFolder } from '../src/main/core/import/import-folder'
import { dataDir } from '../src/main/core/paths'
import startPostgres, { TEMPLATE_DATABASE } from '../tests/setup/postgres'
import { benchDatabase } from './lab-queue'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const FOLDER = join(SHARED, 'data/aria-all')
const MAP = 'Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL'
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,4,8,16').split(',').map(Number)
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[]

async function timeImport(store: Store, concurrency: number) {
  let readDone = 0
  const t0 = performance.now()
  const s = await importFolder(store, { folder: FOLDER, map: MAP, concurrency }, (p) => {
    if (p.phase === 'reading images' && p.done === p.total) readDone = performance.now()
  })
  const total = (performance.now() - t0) / 1000
  return { s, total, reading: (readDone - t0) / 1000 }
}

/** A fresh, empty store of the engine and how to end it. */
async function freshStore(engine: Engine): Promise<{ store: Store; end: () => Promise<void> }> {
  if (engine === 'postgres') {
    const store = await openPostgresStore(
      await benchDatabase(process.env.LEUKOLENS_TEST_POSTGRES_URL!, TEMPLATE_DATABASE)
    )
    return { store, end: () => store.close() }
  }
  const root = mkdtempSync(join(tmpdir(), 'leukolens-bench-'))
  const db = openDatabase(dataDir(root).db)
  const store = sqliteStore(db)
  return {
    store,
    end: async () => {
      await store.close()
      db.close()
      rmSync(root, { recursive: true, force: true })
    }
  }
}

async function main(): Promise<void> {
  console.log(`import benchmark: ${FOLDER}`)
  console.log(`node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}`)
  // The tests' global setup, outside vitest: nothing to provide to test files.
  const stop = ENGINES.includes('postgres')
    ? await startPostgres({ provide: () => undefined } as unknown as Parameters<typeof startPostgres>[0])
    : async () => undefined
  try {
    for (const engine of ENGINES)
      for (const concurrency of LEVELS) {
        const { store, end } = await freshStore(engine)
        try {
          const first = await timeImport(store, concurrency)
          const again = await timeImport(store, concurrency)
          const { s } = first
          console.log(
            `${engine.padEnd(8)} concurrency ${String(concurrency).padStart(2)}: ${s.filesFound} files → ${s.added} images in ${first.total.toFixed(2)} s ` +
              `= ${(s.filesFound / first.total).toFixed(0)} files/s, ${(s.added / first.total).toFixed(0)} images/s ` +
              `(read+hash+decode ${first.reading.toFixed(2)} s, list+store+split ${(first.total - first.reading).toFixed(2)} s); ` +
              `re-import (nothing new) ${again.total.toFixed(2)} s, ${again.s.alreadyImported} already imported`
          )
        } finally {
          await end()
        }
      }
  } finally {
    await stop()
  }
}

await main()
