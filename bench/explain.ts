/**
 * `npm run bench:explain` — Grad-CAM of DenseNet121 at 224×224 with the frozen base's forward pass on ONNX
 * Runtime against on TF.js (the gradient through pooling and head is TF.js in both), in one run: the time to
 * open each source (what the app's first Grad-CAM pays) and the time per explanation once open (the review
 * screen's case), over real C-NMC cells. Weights: the Keras fixture (random values, the real architecture) and
 * a seeded head: this measures speed, not what the maps mean. Prints measurements only.
 *
 * Env: BENCH_EXPLAIN_IMAGES (explanations per source, default 8), LEUKOLENS_BACKEND (the TF.js backend, default
 * the engine's choice).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { initBackend } from '../src/main/core/engine/backend'
import { buildDenseNet121 } from '../src/main/core/engine/backbones/densenet121'
import { loadDenseNet121Weights } from '../src/main/core/engine/backbones/densenet121-weights'
import { buildHead } from '../src/main/core/engine/head/head'
import { tf } from '../src/main/core/engine/tf'
import { explainImage } from '../src/main/core/explain/explain'
import {
  onnxFeatureMapSource,
  tfjsFeatureMapSource,
  type FeatureMapSource
} from '../src/main/core/explain/feature-map-source'
import { exportLayersModelToOnnx } from '../src/main/core/onnx/export-layers-model'
import { OnnxFeatureRunner } from '../src/main/core/onnx/feature-runner'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const N = Number(process.env.BENCH_EXPLAIN_IMAGES ?? 8)
const WEIGHTS = join(SHARED, 'fixtures/keras/densenet121_notop_random.h5')
const PREP = { inputSize: 224, resize: 'nearest', normalize: 'torch' } as const

function cells(): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]))
  return walk(join(SHARED, 'data/cnmc-samples/C-NMC_Leukemia'))
    .filter((f) => f.endsWith('.bmp'))
    .sort()
}

async function timeSource(
  label: string,
  open: () => Promise<FeatureMapSource>,
  files: string[],
  out: string
): Promise<void> {
  let t = performance.now()
  const source = await open()
  const openS = (performance.now() - t) / 1000
  const head = buildHead(1024, 2, 7)
  const model = { featureMap: source, head, classes: ['ALL', 'HEM'], preprocessing: PREP }
  await explainImage(model, files[0], { heatmap: join(out, 'warm.png') }) // first run: kernels and plans
  const tensors = tf.memory().numTensors
  t = performance.now()
  for (let i = 0; i < N; i++)
    await explainImage(model, files[i % files.length], {
      heatmap: join(out, `${i}.png`),
      overlay: join(out, `${i}-o.png`)
    })
  const per = (performance.now() - t) / 1000 / N
  const leaked = tf.memory().numTensors - tensors
  await source.dispose()
  head.dispose()
  console.log(
    `${label.padEnd(34)} ${openS.toFixed(2).padStart(8)} s   ${(per * 1000).toFixed(0).padStart(8)} ms   ${(1 / per).toFixed(1).padStart(6)}   ${leaked}`
  )
}

async function main(): Promise<void> {
  const info = await initBackend()
  const files = cells()
  console.log(
    `bench:explain — Grad-CAM, DenseNet121 224×224, ${N} C-NMC cells per source, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  )
  console.log(
    '(each explanation: decode, resize, forward pass to the 7×7×1024 map, gradient through pooling + head, heatmap and overlay PNGs)\n'
  )
  console.log('forward pass on                    open (s)    per image   img/s   tensors leaked')
  const out = mkdtempSync(join(tmpdir(), 'leukolens-bench-explain-'))
  try {
    // ONNX Runtime: the export is written once when a backbone is added; opening is a session over that file.
    const tfModel = buildDenseNet121()
    await loadDenseNet121Weights(tfModel, WEIGHTS)
    const bytes = exportLayersModelToOnnx(tfModel, { featureMap: true }).bytes
    tfModel.dispose()
    await timeSource(
      `onnxruntime (gradient: tfjs ${info.name})`,
      async () =>
        onnxFeatureMapSource(
          await OnnxFeatureRunner.open(bytes, { inputShape: [224, 224, 3], provider: 'cpu' })
        ),
      files,
      out
    )
    // TF.js: opening builds the model and reads the Keras weights file, as the app did for every Grad-CAM model.
    await timeSource(
      `tfjs ${info.name}`,
      async () => {
        const m = buildDenseNet121()
        await loadDenseNet121Weights(m, WEIGHTS)
        return tfjsFeatureMapSource(m, 224)
      },
      files,
      out
    )
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
