import { copyFileSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../src/main/core/engine/backend'
import { DENSENET121_PARAMS } from '../../src/main/core/engine/backbones/densenet121'
import { loadBackboneModel, type BackboneSpec } from '../../src/main/core/engine/backbones/spec'
import { h5wasmLoaded } from '../../src/main/core/engine/keras/hdf5'
import { chooseRunner } from '../../src/main/core/engine/runners'
import { flipHorizontal } from '../../src/main/core/engine/workers/extract-worker'
import { ExtractionPool } from '../../src/main/core/engine/workers/pool'
import type { BatchItem } from '../../src/main/core/engine/workers/protocol'
import { readWeightsOffThread } from '../../src/main/core/engine/workers/weights-reader'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { tf } from '../../src/main/core/engine/tf'
import { maxAbsDiff } from '../helpers/arrays'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

const PREP = { inputSize: 224, resize: 'nearest', normalize: 'torch' } as const

function cells(n: number): string[] {
  const d = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/all')
  return readdirSync(d)
    .sort()
    .slice(0, n)
    .map((f) => join(d, f))
}

/** What one TF.js engine in this thread computes, reading the Keras file itself: the single-thread reference. */
async function singleThreadFeatures(
  spec: BackboneSpec,
  files: string[]
): Promise<{ plain: Float32Array; flip: Float32Array }[]> {
  const model = await loadBackboneModel(spec, { fused: true })
  const before = tf.memory().numTensors
  try {
    const out = []
    for (const f of files) {
      const x = await loadModelInput(f, PREP)
      const run = (input: Float32Array): Float32Array =>
        tf.tidy(
          () => (model.predict(tf.tensor4d(input, [1, 224, 224, 3])) as tf.Tensor).dataSync() as Float32Array
        )
      out.push({ plain: run(x), flip: run(flipHorizontal(x, 224)) })
    }
    expect(tf.memory().numTensors).toBe(before)
    return out
  } finally {
    model.dispose()
  }
}

/**
 * The extraction pool reads DenseNet121's Keras file once and hands every worker the same SharedArrayBuffer:
 * the workers never open the file or load h5wasm, and compute what a single engine computes.
 */
describe('extraction workers share the weights the pool read once', () => {
  const tmp = useTmpDirs()
  let pool: ExtractionPool | undefined

  beforeAll(async () => {
    await initBackend('wasm')
  })

  afterEach(async () => {
    await pool?.close()
    pool = undefined
  })

  it('builds two workers from the shared buffer after the file is gone, with the single-thread features', async () => {
    const dir = tmp()
    copyFileSync(sharedPath('fixtures/keras/densenet121_notop_random.h5'), join(dir, 'densenet121.h5'))
    const spec: BackboneSpec = {
      name: 'dn121',
      kind: 'keras-densenet121',
      dir,
      entry: 'densenet121.h5',
      preprocessing: PREP,
      featureDim: 1024
    }
    const weights = await readWeightsOffThread(spec)
    expect(weights?.packed.buffer).toBeInstanceOf(SharedArrayBuffer)
    // Every DenseNet121 array (moving BN statistics included), float32, once.
    expect(weights!.packed.buffer.byteLength).toBe(DENSENET121_PARAMS * 4)
    // Read in the reader thread: this thread has not loaded h5wasm (it does just below, for the reference).
    expect(h5wasmLoaded()).toBe(false)
    const files = cells(2)
    const reference = await singleThreadFeatures(spec, files)
    expect(h5wasmLoaded()).toBe(true)

    // The workers start only after the file has moved away: they can only have the weights from the message.
    renameSync(join(dir, 'densenet121.h5'), join(dir, 'moved.h5'))
    const choice = await chooseRunner(spec, { backend: 'wasm' })
    expect(choice.runner).toBe('tfjs')
    pool = await ExtractionPool.start(spec, choice, 2, weights)
    expect(pool.size).toBe(2)
    expect(pool.workersWithH5wasm).toBe(0)

    // Two rounds of two concurrent one-image batches: each worker computes, and its tensor count is checked.
    // Same engine, same arithmetic: on this machine the vectors are bit-identical; 1e-6 leaves room for a CPU
    // whose kernels split a batch of two differently from a batch of one.
    const item = (path: string): BatchItem[] => [{ path, plain: true, flip: true }]
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(files.map((f) => pool!.run(item(f))))
      results.forEach(([r], i) => {
        if ('error' in r) throw new Error(r.error)
        expect(maxAbsDiff(r.plain!, reference[i].plain)).toBeLessThan(1e-6)
        expect(maxAbsDiff(r.flip!, reference[i].flip)).toBeLessThan(1e-6)
      })
    }
    expect(pool.tensorsLeaked()).toBe(0)
    await pool.close()
    pool = undefined

    // Without the shared copy the pool must read the file, which is gone: the error names backbone and file.
    await expect(ExtractionPool.start(spec, choice, 1)).rejects.toThrow(
      /could not read the weights of backbone dn121: .*densenet121\.h5: cannot read/
    )
  })

  it('refuses weights read from another file than the backbone', async () => {
    const dir = tmp()
    copyFileSync(sharedPath('fixtures/keras/densenet121_notop_random.h5'), join(dir, 'a.h5'))
    const a: BackboneSpec = {
      name: 'a',
      kind: 'keras-densenet121',
      dir,
      entry: 'a.h5',
      preprocessing: PREP,
      featureDim: 1024
    }
    const weights = await readWeightsOffThread(a)
    const b = { ...a, name: 'b', entry: 'b.h5' }
    await expect(
      ExtractionPool.start(b, await chooseRunner(b, { backend: 'wasm' }), 1, weights)
    ).rejects.toThrow(/backbone b: the weights given were read from .*a\.h5, not .*b\.h5/)
  })
})
