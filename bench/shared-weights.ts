/**
 * `npm run bench:shared-weights`: does reading DenseNet121's Keras file once and sharing the weights with every
 * extraction worker (engine/workers/weights-reader.ts, backbones/shared-weights.ts) still pay, now that workers
 * start from built JavaScript (no tsx transform of h5wasm in each thread)? Starts N TF.js (wasm) workers on the
 * DenseNet121 fixture both ways and prints the time until all are ready and the process's peak RSS:
 *   shared      the pool's way: one short-lived reader thread opens the file, the workers get a SharedArrayBuffer
 *   per-worker  each worker opens the file with h5wasm itself
 * BENCH_WORKERS (default 2). Needs the built worker (`npm run build:cli`). Rows of one run compare; the machine's
 * load average is printed with them.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Worker } from 'node:worker_threads'
import type { BackboneSpec } from '../src/main/core/engine/backbones/spec'
import type { FromWorker, ToWorker } from '../src/main/core/engine/workers/protocol'
import { extractWorkerFile, startWorker } from '../src/main/core/engine/workers/spawn'
import { readWeightsOffThread } from '../src/main/core/engine/workers/weights-reader'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2)
const PREP = { inputSize: 224, resize: 'nearest', normalize: 'torch' } as const

function ready(w: Worker): Promise<Extract<FromWorker, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    w.once('message', (m: FromWorker) =>
      m.type === 'ready' ? resolve(m) : reject(new Error(JSON.stringify(m)))
    )
    w.once('error', reject)
  })
}

async function run(
  spec: BackboneSpec,
  shared: boolean
): Promise<{ seconds: number; peakMiB: number; h5wasmWorkers: number }> {
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const t = performance.now()
  const workers = Array.from({ length: WORKERS }, () => startWorker(extractWorkerFile()))
  try {
    const readies = workers.map(ready)
    const weights = shared ? await readWeightsOffThread(spec) : undefined
    const init: ToWorker = { type: 'init', spec, runner: 'tfjs', backend: 'wasm', weights }
    for (const w of workers) w.postMessage(init)
    const done = await Promise.all(readies)
    return {
      seconds: (performance.now() - t) / 1000,
      peakMiB: peak / 2 ** 20,
      h5wasmWorkers: done.filter((d) => d.h5wasm).length
    }
  } finally {
    clearInterval(sampler)
    await Promise.all(workers.map((w) => w.terminate()))
  }
}

const dir = mkdtempSync(join(tmpdir(), 'leukolens-bench-weights-'))
try {
  copyFileSync(join(SHARED, 'fixtures/keras/densenet121_notop_random.h5'), join(dir, 'densenet121.h5'))
  const spec: BackboneSpec = {
    name: 'dn121',
    kind: 'keras-densenet121',
    dir,
    entry: 'densenet121.h5',
    preprocessing: PREP,
    featureDim: 1024
  }
  console.log(
    `${WORKERS} wasm worker(s), DenseNet121 fixture; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`
  )
  // Alternating, twice each: the second pair shows how much the first one's order mattered.
  for (const shared of [true, false, true, false]) {
    const r = await run(spec, shared)
    console.log(
      `${(shared ? 'shared' : 'per-worker').padEnd(11)} ready in ${r.seconds.toFixed(1)} s  peak RSS ${r.peakMiB.toFixed(0)} MiB  workers that loaded h5wasm: ${r.h5wasmWorkers}`
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
