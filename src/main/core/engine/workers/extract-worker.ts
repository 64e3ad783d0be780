/**
 * Worker-thread entry: loads the backbone once (in its own TF.js engine), then turns batches of image paths
 * into feature vectors. Decoding and resizing run here too, so the main thread only moves results.
 * The same entry also serves the pool's short-lived weights reader ('read-weights'), so the built app needs
 * no second worker bundle.
 */
import { parentPort } from 'node:worker_threads'
import { loadModelInput } from '../../images/preprocess'
import type { BackboneSpec } from '../backbones/spec'
import type { FeatureRunner, RunnerOptions } from '../runners'
import { h5wasmLoaded } from '../keras/hdf5'
import { tf } from '../tf'
import type { BatchItem, BatchResult, FromWorker, ToWorker } from './protocol'
import { RUNNER_MODULES } from '../runners'

/** Mirrors an HWC image left↔right (the notebook's horizontal-flip augmentation). */
export function flipHorizontal(input: Float32Array, size: number): Float32Array {
  const out = new Float32Array(input.length)
  const row = size * 3
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const from = y * row + x * 3
      const to = y * row + (size - 1 - x) * 3
      out[to] = input[from]
      out[to + 1] = input[from + 1]
      out[to + 2] = input[from + 2]
    }
  return out
}

async function runBatch(
  runner: FeatureRunner,
  spec: BackboneSpec,
  id: number,
  items: BatchItem[]
): Promise<BatchResult> {
  const size = spec.preprocessing.inputSize
  const pixels = size * size * 3
  const loaded = await Promise.all(
    items.map((it) =>
      loadModelInput(it.path, spec.preprocessing, { maxPixels: spec.maxPixels }).catch((err: Error) => err)
    )
  )
  // Stack every requested variant of every readable image into one input batch.
  const slots: { item: number; flip: boolean }[] = []
  loaded.forEach((x, i) => {
    if (x instanceof Error) return
    if (items[i].plain) slots.push({ item: i, flip: false })
    if (items[i].flip) slots.push({ item: i, flip: true })
  })
  const batch = new Float32Array(slots.length * pixels)
  slots.forEach((s, k) => {
    const x = loaded[s.item] as Float32Array
    batch.set(s.flip ? flipHorizontal(x, size) : x, k * pixels)
  })
  const out = slots.length ? await runner.run(batch, slots.length) : new Float32Array(0)
  const dim = runner.featureDim
  const results: BatchResult['items'] = loaded.map((x): BatchResult['items'][number] =>
    x instanceof Error ? { error: x.message } : {}
  )
  slots.forEach((s, k) => {
    const v = out.slice(k * dim, (k + 1) * dim)
    const r = results[s.item] as { plain?: Float32Array; flip?: Float32Array }
    if (s.flip) r.flip = v
    else r.plain = v
  })
  return { type: 'result', id, items: results, numTensors: tf.memory().numTensors }
}

if (parentPort) {
  const port = parentPort
  let runner: FeatureRunner | undefined
  let spec: BackboneSpec | undefined
  const send = (m: FromWorker): void => port.postMessage(m)
  port.on('message', (msg: ToWorker) => {
    void (async () => {
      try {
        if (msg.type === 'init') {
          spec = msg.spec
          const load = RUNNER_MODULES[msg.runner]
          if (!load) throw new Error(`unknown feature runner ${msg.runner}`)
          const options: RunnerOptions = {
            backend: msg.backend,
            weights: msg.weights,
            provider: msg.provider
          }
          runner = await (await load()).createRunner(msg.spec, options)
          send({ type: 'ready', info: runner.info, featureDim: runner.featureDim, h5wasm: h5wasmLoaded() })
        } else if (msg.type === 'read-weights') {
          const { readSharedWeights } = await import('../backbones/shared-weights')
          send({ type: 'weights', weights: await readSharedWeights(msg.spec) })
        } else if (msg.type === 'batch') {
          if (!runner || !spec) throw new Error('batch before init')
          send(await runBatch(runner, spec, msg.id, msg.items))
        } else {
          runner?.dispose()
          port.close()
        }
      } catch (err) {
        send({ type: 'fatal', message: (err as Error).message })
      }
    })()
  })
}
