/**
 * `npm run bench:onnx` — DenseNet121 feature extraction at 224×224: ONNX Runtime (CPU provider, batch 1/8/16)
 * beside TF.js wasm, in one run; an end-to-end figure with JPEG decoding and resizing of real cells; and peak
 * resident memory. Each ONNX Runtime configuration runs in a fresh child process (bench/onnx-child.ts) that
 * loads only what an extraction worker loads, so its peak RSS is its own. Weights: the Keras fixture (random values, the real
 * architecture — speed does not depend on the values). Prints measurements only.
 *
 * Env: BENCH_IMAGES (images per ORT run, default 64), BENCH_WASM_IMAGES (default 16), BENCH_ONNX_REFERENCE (an
 * ONNX DenseNet121 graph from another exporter, e.g. torchvision's through
 * bench/reference/torch_densenet121_onnx.py: timed in the same way beside ours, so a slow figure can be told
 * apart as a slow graph or a slow machine).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { initBackend } from '../src/main/core/engine/backend'
import { buildDenseNet121 } from '../src/main/core/engine/backbones/densenet121'
import { loadDenseNet121Weights } from '../src/main/core/engine/backbones/densenet121-weights'
import { tf } from '../src/main/core/engine/tf'
import { exportLayersModelToOnnx } from '../src/main/core/onnx/export-layers-model'
import { ortVersion } from '../src/main/core/onnx/runtime'
import { N, PER, peakRssMb, randomImages, SHARED, SIZE, type ChildResult } from './onnx-common'

const N_WASM = Number(process.env.BENCH_WASM_IMAGES ?? 16)
const REFERENCE = process.env.BENCH_ONNX_REFERENCE
const fmt = (x: number): string => x.toFixed(1).padStart(6)

function runChild(onnxPath: string, mode: string): ChildResult {
  const script = join(import.meta.dirname, 'onnx-child.ts')
  const env = { ...process.env, BENCH_IMAGES: String(N), LEUKOLENS_SHARED: SHARED }
  const out = execFileSync(process.execPath, [...process.execArgv, script, onnxPath, mode], {
    encoding: 'utf8',
    env
  })
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult
}

async function main(): Promise<void> {
  const cores = availableParallelism()
  console.log(
    `bench:onnx — DenseNet121 ${SIZE}×${SIZE}, ${cores} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  )
  console.log(
    '(figures drop when other programs use the same cores: compare rows of one run, not across runs)\n'
  )
  const info = await initBackend('wasm')
  const model = buildDenseNet121()
  await loadDenseNet121Weights(model, join(SHARED, 'fixtures/keras/densenet121_notop_random.h5'))
  let t = performance.now()
  const ex = exportLayersModelToOnnx(model)
  console.log(
    `export to ONNX: ${((performance.now() - t) / 1000).toFixed(2)} s, ${(ex.bytes.length / 2 ** 20).toFixed(1)} MB`
  )
  console.log(
    `graph: ${Object.entries(ex.opCounts)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}\n`
  )
  const dir = mkdtempSync(join(tmpdir(), 'leukolens-bench-onnx-'))
  const onnxPath = join(dir, 'densenet121.onnx')
  writeFileSync(onnxPath, ex.bytes)

  console.log(
    'images/s is wall-clock throughput. CPU-s/image is CPU time summed over threads; cores ÷ CPU-s/image is'
  )
  console.log(
    'the throughput these cores would give if nothing else ran (an estimate from CPU time, not a timing).\n'
  )
  console.log(
    'backend                         batch  threads  images/s  CPU-s/image  cores÷CPU  peak RSS (own process)'
  )
  try {
    const ortRow = (label: string, path: string, batch: number): void => {
      const r = runChild(path, String(batch))
      console.log(
        `${label.padEnd(32)}${String(batch).padStart(5)}  ${String(cores).padStart(7)}  ${fmt(r.imagesPerSecond)}  ${r.cpuSecondsPerImage.toFixed(4).padStart(11)}  ${fmt(cores / r.cpuSecondsPerImage)}     ${r.peakRssMb} MB  (${r.images} images)`
      )
    }
    for (const batch of [1, 8, 16]) ortRow(`onnxruntime ${ortVersion()} cpu`, onnxPath, batch)
    if (REFERENCE) {
      // Alternated with ours, so that a change in machine load shows up in both rows alike.
      for (const batch of [1, 8]) {
        ortRow(`  reference graph (${basename(REFERENCE)})`.slice(0, 31), REFERENCE, batch)
        ortRow(`  ours again`, onnxPath, batch)
      }
    }

    // TF.js wasm: one engine in this thread (the engine runs one per core in worker threads — `npm run bench`
    // prints that pooled figure).
    const wasmBatch = 8
    const images = randomImages(N_WASM, 1)
    tf.tidy(() => model.predict(tf.tensor4d(images.subarray(0, wasmBatch * PER), [wasmBatch, SIZE, SIZE, 3])))
    t = performance.now()
    const cpu0 = process.cpuUsage()
    for (let i = 0; i < N_WASM; i += wasmBatch) {
      const n = Math.min(wasmBatch, N_WASM - i)
      const y = tf.tidy(
        () =>
          model.predict(tf.tensor4d(images.subarray(i * PER, (i + n) * PER), [n, SIZE, SIZE, 3])) as tf.Tensor
      )
      await y.data()
      y.dispose()
    }
    const ws = (performance.now() - t) / 1000
    const cpu = process.cpuUsage(cpu0)
    const wasmCpu = (cpu.user + cpu.system) / 1e6 / N_WASM
    // One wasm engine is single-threaded: the engine runs one per core, so cores ÷ CPU-s/image applies too.
    console.log(
      `tfjs-wasm ${info.version} (1 engine/thread)  ${String(wasmBatch).padStart(5)}  ${String(1).padStart(7)}  ${fmt(N_WASM / ws)}  ${wasmCpu.toFixed(4).padStart(11)}  ${fmt(cores / wasmCpu)}     ${peakRssMb()} MB  (${N_WASM} images; this process also built the model)`
    )
    model.dispose()

    const e = runChild(onnxPath, 'e2e')
    console.log(`\nonnxruntime end to end (JPEG decode + nearest resize + torch normalise + ORT batch 8):`)
    console.log(
      `  ${fmt(e.imagesPerSecond)} images/s over ${e.images} real Aria cells, ${e.cpuSecondsPerImage.toFixed(4)} CPU-s/image, peak RSS ${e.peakRssMb} MB`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(
    '\nKeras/TensorFlow model.predict: NOT MEASURED — this machine has no PyPI access and no TensorFlow, so the'
  )
  console.log(
    'Keras side of the comparison cannot run here. Time the notebook stack on the same machine to compare.'
  )
  if (!REFERENCE)
    console.log(
      'To tell a slow graph from a slow machine: BENCH_ONNX_REFERENCE=<graph from bench/reference/*.py> npm run bench:onnx'
    )
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
