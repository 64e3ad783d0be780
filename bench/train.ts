/**
 * Head-training benchmark: the published head trained on 10,000 stored feature vectors (1024-d, DenseNet121's
 * size) on the backend the engine selects (wasm here). Prints seconds per epoch, the run under the published
 * callback, the time a full 40 epochs would take, and tensors leaked (must be 0).
 *
 * The vectors are synthetic (two classes ~70/30 with a planted signal) so the bench runs without a data folder;
 * the cost of a step does not depend on the values. Run: `npm run bench:train` (LEUKOLENS_BENCH_N, _DIM, _EPOCHS
 * override the size).
 */
import { availableParallelism, loadavg } from 'node:os'
import { initBackend } from '../src/main/core/engine/backend'
import { tf } from '../src/main/core/engine/tf'
import { Prng } from '../src/main/core/engine/training/prng'
import {
  PUBLISHED_HYPERPARAMETERS,
  trainHead,
  type FeatureSet
} from '../src/main/core/engine/training/train-head'

function synthetic(n: number, dim: number, seed: number): FeatureSet {
  const r = new Prng(seed)
  const features = new Float32Array(n * dim)
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    labels[i] = r.next() < 0.3 ? 1 : 0
    for (let j = 0; j < dim; j++)
      features[i * dim + j] = Math.max(0, r.next() * 1.5 - 0.5 + (j % 16 === 0 && labels[i] ? 0.2 : 0))
  }
  return { features, labels, featureDim: dim }
}

async function main(): Promise<void> {
  const n = Number(process.env.LEUKOLENS_BENCH_N ?? 10_000)
  const dim = Number(process.env.LEUKOLENS_BENCH_DIM ?? 1024)
  const epochs = Number(process.env.LEUKOLENS_BENCH_EPOCHS ?? PUBLISHED_HYPERPARAMETERS.epochs)
  const info = await initBackend()
  const train = synthetic(n, dim, 1)
  const val = synthetic(Math.round(n * 0.15), dim, 2)
  const before = tf.memory().numTensors
  const rssBefore = process.memoryUsage().rss
  const r = await trainHead({ train, val, classCount: 2, hyper: { ...PUBLISHED_HYPERPARAMETERS, epochs } })
  r.model.dispose()
  const perEpoch = r.history.map((h) => h.seconds)
  const mean = perEpoch.reduce((a, b) => a + b, 0) / perEpoch.length
  const sorted = [...perEpoch].sort((a, b) => a - b)
  console.log(
    `backend ${info.name} ${info.version}; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores (other work slows this single-threaded run)`
  )
  console.log(
    `head training: ${n} vectors × ${dim}, batch ${PUBLISHED_HYPERPARAMETERS.batchSize}, ≤${epochs} epochs (published callback)`
  )
  console.log(
    `  epochs run ${r.history.length} (best ${r.bestEpoch}${r.stoppedEarly ? ', stopped by the callback' : ''})`
  )
  console.log(
    `  total ${r.seconds.toFixed(1)} s; per epoch mean ${mean.toFixed(2)} s, median ${sorted[sorted.length >> 1].toFixed(2)} s`
  )
  console.log(
    `  a full ${epochs} epochs at the median: ${(sorted[sorted.length >> 1] * epochs).toFixed(1)} s (target < 60 s)`
  )
  console.log(`  peak RSS growth ${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MiB`)
  console.log(`  tensors leaked ${tf.memory().numTensors - before}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
