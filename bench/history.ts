/**
 * How long the History takes to serve one page (50 rows + the matching count) from a database holding
 * 100,000 predictions: the default view (newest first) and each filter and sort. Prints the median of several
 * runs per query, measured in this process on a fresh temporary database; nothing is hard-coded.
 *
 *   npm run bench:history                     # 100,000 predictions, 7 runs per query
 *   BENCH_PREDICTIONS=20000 BENCH_RUNS=5 npm run bench:history
 *
 * The data: 20 scans of 5,000 files each over two model versions and 60 days, confidences drawn with a seeded
 * PRNG (flagged below 0.80), every 20th file of a later scan also present as a copy of a content seen before
 * (its prediction reused), and
 * 2% of the contents reviewed. Wall time is what a user waits; CPU time (this process's user + system time)
 * is the work itself, which other programs competing for these shared 2-core machines inflate less. Compare rows
 * of one run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { queryHistoryPage } from '../src/main/core/scan/history'
import type { HistoryQuery } from '../src/main/core/db/queries/history'
import { seedHistory } from '../tests/helpers/history-seed'

const N = Number(process.env.BENCH_PREDICTIONS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const PAGE = 50

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const dir = mkdtempSync(join(tmpdir(), 'leukolens-bench-history-'))
try {
  const db = openDatabase(join(dir, 'history.db'))
  const seedStart = performance.now()
  const seeded = seedHistory(db, N)
  console.log(
    `seeded ${seeded.predictions} predictions, ${seeded.items} scan items, ${seeded.reviews} reviews in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`
  )

  const views: [string, HistoryQuery][] = [
    ['default view (newest first)', { sort: 'newest' }],
    ['newest, page 100', { sort: 'newest', offset: 99 * PAGE }],
    ['scan order (no sort)', {}],
    ['flagged', { sort: 'newest', flagged: true }],
    ['not flagged', { sort: 'newest', flagged: false }],
    ['reviewed', { sort: 'newest', reviewed: true }],
    ['not reviewed', { sort: 'newest', reviewed: false }],
    ['predicted HEM', { sort: 'newest', predicted: 'HEM' }],
    ['model m2', { sort: 'newest', modelId: 'm2' }],
    ['one scan', { sort: 'newest', scanId: seeded.scanIds[7] }],
    ['folder', { sort: 'newest', folder: '/lab/day07' }],
    ['date range (7 days)', { sort: 'newest', from: '2026-10-10', to: '2026-10-16' }],
    ['search file name', { sort: 'newest', search: 'cell-01234' }],
    ['sort confidence ascending', { sort: 'confidence-asc' }],
    ['sort confidence descending', { sort: 'confidence-desc' }],
    ['sort path', { sort: 'path' }],
    [
      'flagged + not reviewed, confidence ascending',
      { sort: 'confidence-asc', flagged: true, reviewed: false }
    ]
  ]
  console.log(
    `\nHistory page of ${PAGE} rows + total, median of ${RUNS} runs (${N.toLocaleString('en')} predictions)`
  )
  console.log(`  ${''.padEnd(46)} ${'wall'.padStart(10)} ${'CPU'.padStart(10)}`)
  for (const [name, q] of views) {
    const wall: number[] = []
    const cpu: number[] = []
    let total = 0
    let rows = 0
    for (let r = 0; r < RUNS; r++) {
      const c = process.cpuUsage()
      const t = performance.now()
      const page = queryHistoryPage(db, { ...q, limit: PAGE })
      wall.push(performance.now() - t)
      const used = process.cpuUsage(c)
      cpu.push((used.user + used.system) / 1000)
      total = page.total
      rows = page.rows.length
    }
    console.log(
      `  ${name.padEnd(46)} ${median(wall).toFixed(1).padStart(7)} ms ${median(cpu).toFixed(1).padStart(7)} ms   (${rows} rows of ${total.toLocaleString('en')})`
    )
  }
  db.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
