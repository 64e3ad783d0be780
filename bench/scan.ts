/**
 * Scan throughput against the engine's raw feature extraction for the same backbone, backend and worker count,
 * then a long scan watching resident memory and tensors. Prints measured figures only.
 *
 *   npm run bench:scan                       # 400 images for throughput, 2,000 for the long scan
 *   BENCH_SCAN_IMAGES=10000 npm run bench:scan   # the 10,000-image long scan
 *   BENCH_THROUGHPUT_IMAGES=400 BENCH_ROUNDS=3 BENCH_BACKEND=wasm|onnxruntime BENCH_WORKERS=2 BENCH_SCAN_BACKBONE=densenet121
 *
 * Images: the real Aria JPEGs (2,441), repeated with a few bytes appended after the JPEG end marker so that every
 * file has its own content hash (decoders stop at the end marker, so each costs a full decode, as a new image
 * would). The head is freshly initialised with a seed, not trained: this measures speed, not accuracy.
 * On these shared 2-core machines other work competes for the CPU: compare figures from the same run.
 */
import { sqliteStore } from '../src/main/core/db/store'
import { spawnSync } from 'node:child_process'
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { BackendName } from '../src/shared/types/engine'
import { openDatabase } from '../src/main/core/db/database'
import { extractFeatures } from '../src/main/core/engine/features/extract'
import { buildHead } from '../src/main/core/engine/head/head'
import { tf } from '../src/main/core/engine/tf'
import { dataDir } from '../src/main/core/paths'
import { runScan, startMainThreadBackend, type ScanModel } from '../src/main/core/scan/run'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const THROUGHPUT_N = Number(process.env.BENCH_THROUGHPUT_IMAGES ?? 400)
const LONG_N = Number(process.env.BENCH_SCAN_IMAGES ?? 2000)
const BACKEND = process.env.BENCH_BACKEND as BackendName | undefined
const WORKERS = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined
/**
 * `mobilenet` (default: the shared ImageNet MobileNetV2) or `densenet121` (the published backbone's architecture
 * with the random-weight Keras fixture: the same arithmetic and memory as the ImageNet weights).
 */
const BACKBONE = process.env.BENCH_SCAN_BACKBONE === 'densenet121' ? 'densenet121' : 'mobilenet'
const BACKBONES = {
  mobilenet: { file: 'models/mobilenet-v2-0.35-imagenet/model.json', normalize: 'tf', dim: 1280 },
  densenet121: { file: 'fixtures/keras/densenet121_notop_random.h5', normalize: 'torch', dim: 1024 }
} as const

function ariaFiles(): string[] {
  const root = join(SHARED, 'data/aria-all')
  return readdirSync(root)
    .sort()
    .flatMap((c) =>
      readdirSync(join(root, c))
        .sort()
        .map((f) => join(root, c, f))
    )
}

/** `n` image files with distinct content in `dir`. */
function makeImages(dir: string, n: number, salt: string): string[] {
  mkdirSync(dir, { recursive: true })
  const src = ariaFiles()
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const to = join(dir, `img-${String(i).padStart(5, '0')}.jpg`)
    copyFileSync(src[i % src.length], to)
    appendFileSync(to, `${salt}-${i}`)
    out.push(to)
  }
  return out
}

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`

async function main(): Promise<void> {
  console.log(`scan benchmark: node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}`)
  const root = mkdtempSync(join(tmpdir(), 'leukolens-bench-scan-'))
  try {
    const dirs = dataDir(join(root, 'data'))
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    await startMainThreadBackend(BACKEND)
    const bb = BACKBONES[BACKBONE]
    console.log(`backbone ${BACKBONE} (${bb.file})`)
    // Added by the CLI in its own process, as a user would before scanning: reading a Keras HDF5 file loads
    // h5wasm, whose heap would otherwise stay in this process and inflate the scan's resident memory.
    const cli = join(import.meta.dirname, '../bin/leukolens.mjs')
    const add = spawnSync(
      process.execPath,
      [
        cli,
        '--data-dir',
        dirs.root,
        'backbone',
        'add',
        join(SHARED, bb.file),
        '--name',
        BACKBONE,
        '--preprocess',
        bb.normalize
      ],
      { stdio: 'inherit' }
    )
    if (add.status !== 0) throw new Error(`backbone add exited with ${add.status}`)
    const prep = { inputSize: 224, resize: 'nearest', normalize: bb.normalize } as const
    const model: ScanModel = {
      id: 'bench-seeded-head',
      classes: ['ALL', 'HEM'],
      backbone: BACKBONE,
      preprocessing: prep,
      head: buildHead(bb.dim, 2, 1)
    }

    // Throughput: raw extraction and scan on different sets of new images (nothing stored for either), in rounds
    // that alternate which goes first, so that background load hits both alike; the median ratio is the figure.
    const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
    const ratios: number[] = []
    for (let round = 1; round <= rounds; round++) {
      const rawImgs = makeImages(join(root, `raw${round}`), THROUGHPUT_N, `raw${round}`)
      const images = rawImgs.map((path) => ({
        path,
        sha256: createHash('sha256').update(readFileSync(path)).digest('hex')
      }))
      const scanDir = join(root, `scan${round}`)
      makeImages(scanDir, THROUGHPUT_N, `scan${round}`)
      const timeRaw = async () => {
        const t0 = performance.now()
        const r = await extractFeatures(store, dirs, images, {
          backbone: BACKBONE,
          backend: BACKEND,
          workers: WORKERS
        })
        return { r, seconds: (performance.now() - t0) / 1000 }
      }
      const timeScan = () =>
        runScan({ db, store: sqliteStore(db) }, dirs, model, {
          folder: scanDir,
          backend: BACKEND,
          workers: WORKERS,
          flagThreshold: 0.8
        })
      let raw: Awaited<ReturnType<typeof timeRaw>>
      let s: Awaited<ReturnType<typeof timeScan>>
      if (round % 2) {
        raw = await timeRaw()
        s = await timeScan()
      } else {
        s = await timeScan()
        raw = await timeRaw()
      }
      const rawRate = raw.r.computed / raw.seconds
      const scanRate = s.computed / s.seconds
      ratios.push(scanRate / rawRate)
      console.log(
        `round ${round} (${round % 2 ? 'raw first' : 'scan first'}): raw extraction ${raw.r.computed} images in ${raw.seconds.toFixed(1)} s = ` +
          `${rawRate.toFixed(1)} images/s (${raw.r.backend}, ${raw.r.workers} workers; hashing not included) | scan ${s.computed} images in ` +
          `${s.seconds.toFixed(1)} s = ${scanRate.toFixed(1)} images/s (${s.backend}; hashing, head, SQLite included) | ` +
          `scan/raw = ${((100 * scanRate) / rawRate).toFixed(1)}%`
      )
    }
    const sorted = [...ratios].sort((a, b) => a - b)
    console.log(
      `median scan/raw over ${rounds} rounds: ${(100 * sorted[Math.floor(sorted.length / 2)]).toFixed(1)}% (target ≥ 90%)`
    )

    // Long scan: resident memory sampled every second; tensors left alive at the end.
    const longDir = join(root, 'long')
    makeImages(longDir, LONG_N, 'long')
    const samples: { done: number; rss: number }[] = []
    let done = 0
    const timer = setInterval(() => samples.push({ done, rss: process.memoryUsage().rss }), 1000)
    const tensorsBefore = tf.memory().numTensors
    const rssBefore = process.memoryUsage().rss
    const s = await runScan({ db, store: sqliteStore(db) }, dirs, model, {
      folder: longDir,
      backend: BACKEND,
      workers: WORKERS,
      flagThreshold: 0.8,
      onProgress: (p) => (done = p.done)
    })
    clearInterval(timer)
    const rss = samples.map((x) => x.rss)
    const at = (frac: number): string => {
      const x = samples.find((q) => q.done >= frac * LONG_N) ?? samples[samples.length - 1]
      return x ? mb(x.rss) : 'n/a'
    }
    console.log(
      `long scan: ${s.computed} images in ${s.seconds.toFixed(0)} s = ${s.rate.toFixed(1)} images/s on ${s.backend}; ` +
        `RSS before ${mb(rssBefore)}, at 10% ${at(0.1)}, 50% ${at(0.5)}, 90% ${at(0.9)}, peak ${mb(Math.max(...rss))}, ` +
        `end ${mb(process.memoryUsage().rss)}; tensors leaked: ${s.tensorsLeaked} (main thread now ${tf.memory().numTensors - tensorsBefore} above start)`
    )
    model.head.dispose()
    db.close()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
