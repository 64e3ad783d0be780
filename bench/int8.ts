/**
 * `npm run bench:int8` — fp32 against int8 in one run, for DenseNet121 (the Keras fixture's architecture and
 * BatchNorm statistics, random weights) and the shared ImageNet MobileNetV2: quantized here on real cells,
 * then images/s per batch size and end to end (JPEG decode + resize + normalise + ORT batch 8), peak RSS, and
 * how close the int8 features are to the fp32 ones (cosine per image on held-out cells: mean and worst).
 *
 * The machine is shared: fp32 and int8 rows alternate, each in a fresh child process (bench/onnx-child.ts), and
 * each pair is repeated, so a change of load shows in both. Compare rows of one run only.
 *
 * Env: BENCH_INT8_CALIB (calibration images, default 64), BENCH_INT8_HELDOUT (held-out images, default 32),
 * BENCH_IMAGES (images per timed run, default 64), BENCH_INT8_MODELS (densenet121,mobilenetv2),
 * BENCH_INT8_REPEATS (default 2), BENCH_INT8_KEEP (a folder: the ONNX files are left there).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { initBackend } from '../src/main/core/engine/backend'
import { buildDenseNet121 } from '../src/main/core/engine/backbones/densenet121'
import { loadDenseNet121Weights } from '../src/main/core/engine/backbones/densenet121-weights'
import { loadTfjsLayersModel } from '../src/main/core/engine/backbones/tfjs-files'
import type { LayersModel } from '../src/main/core/engine/tf'
import { exportLayersModelToOnnx } from '../src/main/core/onnx/export-layers-model'
import { featureAgreement } from '../src/main/core/onnx/quantize/feature-error'
import { quantizeModel, runFeatures } from '../src/main/core/onnx/quantize/quantize-model'
import { ortVersion } from '../src/main/core/onnx/runtime'
import { cpuInt8Support } from '../src/main/core/onnx/quantize/cpu-int8'
import type { NormalizeMode } from '../src/shared/types/preprocessing'
import { calibrationSplit, loadImages } from './int8-images'
import { N, SHARED, type ChildResult } from './onnx-common'

const CALIB = Number(process.env.BENCH_INT8_CALIB ?? 64)
const HELD_OUT = Number(process.env.BENCH_INT8_HELDOUT ?? 32)
const REPEATS = Number(process.env.BENCH_INT8_REPEATS ?? 2)
const MODELS = (process.env.BENCH_INT8_MODELS ?? 'densenet121,mobilenetv2').split(',')

interface BenchModel {
  name: string
  normalize: NormalizeMode
  cnmc: boolean
  load: () => Promise<LayersModel>
}

const models: BenchModel[] = [
  {
    name: 'densenet121',
    normalize: 'torch',
    cnmc: true,
    load: async () => {
      const m = buildDenseNet121()
      await loadDenseNet121Weights(m, join(SHARED, 'fixtures/keras/densenet121_notop_random.h5'))
      return m
    }
  },
  {
    name: 'mobilenetv2',
    normalize: 'tf',
    cnmc: false,
    load: () => loadTfjsLayersModel(join(SHARED, 'models/mobilenet-v2-0.35-imagenet/model.json'))
  }
]

function runChild(onnxPath: string, mode: string, normalize: NormalizeMode): ChildResult {
  const script = join(import.meta.dirname, 'onnx-child.ts')
  const out = execFileSync(process.execPath, [...process.execArgv, script, onnxPath, mode, normalize], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_IMAGES: String(N), LEUKOLENS_SHARED: SHARED }
  })
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult
}

const f1 = (x: number): string => x.toFixed(1).padStart(7)

async function benchModel(spec: BenchModel, dir: string): Promise<void> {
  console.log(`\n== ${spec.name}`)
  const model = await spec.load()
  const fp32 = exportLayersModelToOnnx(model, { inputSize: 224 }).bytes
  model.dispose()
  const split = calibrationSplit(CALIB, HELD_OUT, spec.cnmc)
  const calibration = await loadImages(split.calibration, spec.normalize)
  let t = performance.now()
  const q = await quantizeModel(fp32, calibration, { log: (l) => console.log(`  ${l}`) })
  console.log(
    `  quantized in ${((performance.now() - t) / 1000).toFixed(0)} s: ${q.fold.folded} BatchNorms folded, ${q.fold.kept.length} kept (no Conv before them); calibration kept: ${q.method}`
  )
  console.log(
    `  int8 graph: ${Object.entries(q.graph.opCounts)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`
  )
  if (q.graph.floatConvs.length) console.log(`  convolutions left in float: ${q.graph.floatConvs.join(', ')}`)
  const heldOut = await loadImages(split.heldOut, spec.normalize)
  t = performance.now()
  const a = featureAgreement(
    await runFeatures(fp32, heldOut),
    await runFeatures(q.bytes, heldOut),
    heldOut.count
  )
  console.log(
    `  feature cosine int8 vs fp32 on ${a.images} held-out cells (not in calibration): mean ${a.meanCosine.toFixed(5)}, worst ${a.worstCosine.toFixed(5)}`
  )
  const fp32Path = join(dir, `${spec.name}-fp32.onnx`)
  const int8Path = join(dir, `${spec.name}-int8.onnx`)
  writeFileSync(fp32Path, fp32)
  writeFileSync(int8Path, q.bytes)
  console.log(
    `  files: fp32 ${(fp32.length / 2 ** 20).toFixed(1)} MB, int8 ${(q.bytes.length / 2 ** 20).toFixed(1)} MB`
  )
  console.log(
    '  run  precision  batch   images/s  CPU-s/image  peak RSS   (fp32 and int8 alternate; int8 ÷ fp32 of each pair)'
  )
  const ratios = new Map<string, number[]>()
  for (let rep = 1; rep <= REPEATS; rep++) {
    for (const mode of ['1', '8', 'e2e']) {
      const pair: ChildResult[] = []
      for (const [label, path] of [
        ['fp32', fp32Path],
        ['int8', int8Path]
      ] as const) {
        const r = runChild(path, mode, spec.normalize)
        pair.push(r)
        const batch = mode === 'e2e' ? '8 e2e' : mode
        console.log(
          `  ${String(rep).padStart(3)}  ${label.padEnd(9)}  ${batch.padStart(5)}  ${f1(r.imagesPerSecond)}  ${r.cpuSecondsPerImage.toFixed(4).padStart(11)}  ${String(r.peakRssMb).padStart(5)} MB` +
            (label === 'int8'
              ? `   ×${(r.imagesPerSecond / pair[0].imagesPerSecond).toFixed(2)} wall, ×${(pair[0].cpuSecondsPerImage / r.cpuSecondsPerImage).toFixed(2)} CPU`
              : '')
        )
      }
      const list = ratios.get(mode) ?? []
      list.push(pair[1].imagesPerSecond / pair[0].imagesPerSecond)
      ratios.set(mode, list)
    }
  }
  console.log(
    `  int8 ÷ fp32 images/s, per pair: ${[...ratios].map(([m, r]) => `${m === 'e2e' ? 'end to end' : `batch ${m}`} ${r.map((x) => x.toFixed(2)).join(' ')}`).join('; ')}`
  )
}

async function main(): Promise<void> {
  const cpu = cpuInt8Support()
  console.log(
    `bench:int8 — onnxruntime ${ortVersion()} CPU, ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  )
  console.log(`CPU: ${cpu.model}; ${cpu.summary}`)
  console.log(
    '(a shared machine: rows alternate fp32/int8 in fresh processes; compare rows of this run only)'
  )
  await initBackend('wasm')
  const keep = process.env.BENCH_INT8_KEEP
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'leukolens-bench-int8-'))
  if (keep) mkdirSync(keep, { recursive: true })
  try {
    for (const spec of models.filter((m) => MODELS.includes(m.name))) await benchModel(spec, dir)
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
