/**
 * Import throughput on the real Aria folder (2,441 JPEGs): each run imports into a fresh temporary data folder
 * (file database with WAL, as the command line uses), for several concurrency levels, then once more into the
 * same dataset to time a re-import that finds nothing new. Prints measured figures only.
 *
 *   npm run bench:import            (LEUKOLENS_SHARED=/path/to/shared to point elsewhere)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { importFolder } from '../src/main/core/import/import-folder'
import { dataDir } from '../src/main/core/paths'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const FOLDER = join(SHARED, 'data/aria-all')
const MAP = 'Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL'
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,4,8,16').split(',').map(Number)

async function timeImport(db: ReturnType<typeof openDatabase>, concurrency: number) {
  let readDone = 0
  const t0 = performance.now()
  const s = await importFolder(db, { folder: FOLDER, map: MAP, concurrency }, (p) => {
    if (p.phase === 'reading images' && p.done === p.total) readDone = performance.now()
  })
  const total = (performance.now() - t0) / 1000
  return { s, total, reading: (readDone - t0) / 1000 }
}

async function main(): Promise<void> {
  console.log(`import benchmark: ${FOLDER}`)
  console.log(`node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}`)
  for (const concurrency of LEVELS) {
    const root = mkdtempSync(join(tmpdir(), 'leukolens-bench-'))
    const db = openDatabase(dataDir(root).db)
    try {
      const first = await timeImport(db, concurrency)
      const again = await timeImport(db, concurrency)
      const { s } = first
      console.log(
        `concurrency ${String(concurrency).padStart(2)}: ${s.filesFound} files → ${s.added} images in ${first.total.toFixed(2)} s ` +
          `= ${(s.filesFound / first.total).toFixed(0)} files/s, ${(s.added / first.total).toFixed(0)} images/s ` +
          `(read+hash+decode ${first.reading.toFixed(2)} s, list+store+split ${(first.total - first.reading).toFixed(2)} s); ` +
          `re-import (nothing new) ${again.total.toFixed(2)} s, ${again.s.alreadyImported} already imported`
      )
    } finally {
      db.close()
      rmSync(root, { recursive: true, force: true })
    }
  }
}

await main()
