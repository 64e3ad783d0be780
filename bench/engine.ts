/**
 * `npm run bench`: feature-extraction throughput per backbone, backend and worker count (1 and 2), peak
 * memory and tensors leaked. Every figure printed is measured in this run.
 *
 * DenseNet121 runs with the random-weight fixture (same architecture and arithmetic as the ImageNet weights,
 * which cannot be downloaded on the build machines); MobileNetV2 with the real shared weights.
 * Env: BENCH_IMAGES (default 32), BENCH_WORKERS (default "1,2"), BENCH_BACKBONES (default "densenet121,mobilenet-v2"),
 * BENCH_HEAD=0 to skip the head-training part, LEUKOLENS_BACKEND to force a backend, LEUKOLENS_SHARED for the
 * shared folder.
 *
 * Backbones are added by the CLI in a child process, as a user would before extracting: `backbone add` reads the
 * Keras HDF5 file (loading h5wasm: ~640 MB in a thread running through tsx, see keras/hdf5.ts) and would
 * otherwise leave that heap in this process, so the peak RSS printed would not be the extraction's. The peak RSS after each run is the process's running maximum, so the
 * extraction-only figure for one worker count is `BENCH_WORKERS=<n>` alone, e.g. the wasm DenseNet121 memory check:
 *   LEUKOLENS_BACKEND=wasm BENCH_BACKBONES=densenet121 BENCH_WORKERS=2 BENCH_HEAD=0 npm run bench
 */
import { sqliteStore } from '../src/main/core/db/store'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { dataDir } from '../src/main/core/paths'
import { initBackend } from '../src/main/core/engine/backend'
import { extractFeatures, type ExtractImage } from '../src/main/core/engine/features/extract'
import { sha256File } from '../src/main/core/engine/features/files'
import { tf } from '../src/main/core/engine/tf'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const N = Number(process.env.BENCH_IMAGES ?? 32)
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number)
const WANTED = (process.env.BENCH_BACKBONES ?? 'densenet121,mobilenet-v2').split(',')

const HEAD = process.env.BENCH_HEAD !== '0'

const BACKBONES: Record<string, { path: string; normalize: 'torch' | 'tf' }> = {
  densenet121: { path: join(SHARED, 'fixtures/keras/densenet121_notop_random.h5'), normalize: 'torch' },
  'mobilenet-v2': { path: join(SHARED, 'models/mobilenet-v2-0.35-imagenet'), normalize: 'tf' }
}

/** `leukolens backbone add` in its own process (see the header: keeps h5wasm's heap out of this one). */
function addBackboneByCli(dataRoot: string, name: string): void {
  const cli = join(import.meta.dirname, '../bin/leukolens.mjs')
  const { path, normalize } = BACKBONES[name]
  const r = spawnSync(
    process.execPath,
    [cli, '--data-dir', dataRoot, 'backbone', 'add', path, '--name', name, '--preprocess', normalize],
    { stdio: 'inherit' }
  )
  if (r.status !== 0) throw new Error(`backbone add ${name} exited with ${r.status}`)
}

const peakRssMiB = (): string => (process.resourceUsage().maxRSS / 1024).toFixed(0)

async function benchImages(): Promise<ExtractImage[]> {
  const root = join(SHARED, 'data/aria-all')
  const files = readdirSync(root)
    .sort()
    .flatMap((c) =>
      readdirSync(join(root, c))
        .sort()
        .slice(0, Math.ceil(N / 4))
        .map((f) => join(root, c, f))
    )
    .slice(0, N)
  return Promise.all(files.map(async (path) => ({ path, sha256: await sha256File(path) })))
}

/** Head training time on 10,000 stored vectors: bench/train.ts, run in its own process so its peak RSS is its own. */
async function headTrainingBench(): Promise<void> {
  console.log('\nhead training (bench/train.ts):')
  const r = spawnSync('npx', ['tsx', 'bench/train.ts'], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`bench/train.ts exited with ${r.status}`)
}

async function main(): Promise<void> {
  const info = await initBackend()
  console.log(
    `backend ${info.name} ${info.version}; ${info.workers} worker(s) by default; ${N} Aria images per run`
  )
  for (const u of info.unavailable) console.log(`  (not used: ${u.name}: ${u.why})`)
  const root = mkdtempSync(join(tmpdir(), 'leukolens-bench-'))
  const dirs = dataDir(root)
  const db = openDatabase(dirs.db)
  const store = sqliteStore(db)
  const tensorsBefore = tf.memory().numTensors
  const rows: string[][] = [
    [
      'backbone',
      'backend',
      'workers',
      'images',
      'img/s',
      'img/s incl. startup',
      'startup s',
      'leaked',
      'peak RSS MiB'
    ]
  ]
  try {
    const images = await benchImages()
    for (const name of WANTED) {
      if (!BACKBONES[name]) throw new Error(`unknown bench backbone ${name}`)
      addBackboneByCli(dirs.root, name)
      for (const workers of WORKERS) {
        db.exec('DELETE FROM features')
        const r = await extractFeatures(store, dirs, images, {
          backbone: name,
          workers,
          backend: info.name,
          batchSize: 4
        })
        if (r.failed.length) throw new Error(`bench images failed: ${r.failed.map((f) => f.path).join(', ')}`)
        const steady = r.computed / (r.seconds - r.startupSeconds)
        rows.push([
          name,
          r.backend ?? '-',
          String(r.workers),
          String(r.computed),
          steady.toFixed(2),
          r.imagesPerSecond.toFixed(2),
          r.startupSeconds.toFixed(1),
          String(r.tensorsLeaked),
          peakRssMiB()
        ])
        console.log(rows[rows.length - 1].join('  '))
      }
    }
  } finally {
    db.close()
    rmSync(root, { recursive: true, force: true })
  }
  console.log('\n' + rows.map((r) => r.map((c, i) => c.padEnd(i === 0 ? 14 : 10)).join(' ')).join('\n'))
  console.log(`\npeak RSS (main + worker threads): ${peakRssMiB()} MiB`)
  console.log(`tensors leaked on the main thread: ${tf.memory().numTensors - tensorsBefore}`)
  if (HEAD) await headTrainingBench()
}

await main()
