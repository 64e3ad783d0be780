import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { copyFileSync, readdirSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import { dataDir, type DataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import {
  getBackboneSpec,
  listBackbones,
  loadBackbone,
  removeBackbone
} from '../../src/main/core/engine/backbones/registry'
import { extractFeatures, featureScopes } from '../../src/main/core/engine/features/extract'
import { featuresForFiles, sha256File } from '../../src/main/core/engine/features/files'
import { countFeatures, getFeatures } from '../../src/main/core/db/queries/features'
import { flipHorizontal } from '../../src/main/core/engine/workers/extract-worker'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { tf } from '../../src/main/core/engine/tf'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

const MOBILENET = 'models/mobilenet-v2-0.35-imagenet'

function benignFiles(n: number): string[] {
  const d = sharedPath('data/aria-all/Benign')
  return readdirSync(d)
    .sort()
    .slice(0, n)
    .map((f) => join(d, f))
}

describe('backbones and the feature store', () => {
  const tmp = useTmpDirs()
  let db: Database
  let store: Store
  let dirs: DataDir

  beforeAll(async () => {
    await initBackend('wasm')
  })

  afterEach(() => db?.close())

  async function freshStore(): Promise<void> {
    dirs = dataDir(tmp())
    db = openDatabase(dirs.db)
    store = sqliteStore(db)
    await addBackbone(store, dirs, { path: sharedPath(MOBILENET), name: 'mnv2', normalize: 'tf' })
  }

  it('adds a TF.js backbone: files copied and checksummed, shapes recorded', async () => {
    await freshStore()
    const [b] = await listBackbones(store)
    expect(b).toMatchObject({ name: 'mnv2', kind: 'tfjs-layers', featureDim: 1280, params: 410_208 })
    expect(b.preprocessing).toEqual({ inputSize: 224, resize: 'nearest', normalize: 'tf' })
    expect(b.files.map((f) => f.name)).toEqual(['model.json', 'weights.bin'])
    const spec = await getBackboneSpec(store, dirs, 'mnv2')
    const copied = readFileSync(join(spec.dir, 'weights.bin'))
    expect(copied.equals(readFileSync(sharedPath(MOBILENET, 'weights.bin')))).toBe(true)
    await expect(
      addBackbone(store, dirs, { path: sharedPath(MOBILENET), name: 'mnv2', normalize: 'tf' })
    ).rejects.toThrow(/exists already/)
  })

  it('refuses missing, truncated and corrupt backbone files with the file named, storing nothing', async () => {
    await freshStore()
    const bad = tmp()
    await expect(addBackbone(store, dirs, { path: join(bad, 'nope.h5'), name: 'x' })).rejects.toThrow(
      /nope\.h5: does not exist/
    )
    mkdirSync(join(bad, 'short'))
    copyFileSync(sharedPath(MOBILENET, 'model.json'), join(bad, 'short', 'model.json'))
    writeFileSync(
      join(bad, 'short', 'weights.bin'),
      readFileSync(sharedPath(MOBILENET, 'weights.bin')).subarray(0, 1000)
    )
    await expect(
      addBackbone(store, dirs, { path: join(bad, 'short'), name: 'short', normalize: 'tf' })
    ).rejects.toThrow(/weights\.bin: weights hold 1000 bytes/)
    writeFileSync(join(bad, 'garbage.h5'), 'not hdf5 at all')
    await expect(
      addBackbone(store, dirs, { path: join(bad, 'garbage.h5'), name: 'garbage' })
    ).rejects.toThrow(/garbage\.h5: cannot open as HDF5/)
    await expect(addBackbone(store, dirs, { path: sharedPath(MOBILENET), name: 'nopre' })).rejects.toThrow(
      /--preprocess/
    )
    expect((await listBackbones(store)).map((b) => b.name)).toEqual(['mnv2'])
    expect(readdirSync(dirs.backbones)).toHaveLength(1)
    expect(readdirSync(dirs.tmp)).toHaveLength(0)
  })

  it('extracts with two workers, stores plain and flipped features equal to in-process ones, and resumes after an interruption', async () => {
    await freshStore()
    const files = benignFiles(12)
    const images = await Promise.all(files.map(async (path) => ({ path, sha256: await sha256File(path) })))
    const scopes = await featureScopes(store, 'mnv2')

    // Interrupt after the first batch: what finished is stored, the rest is not.
    const controller = new AbortController()
    const first = await extractFeatures(store, dirs, images, {
      backbone: 'mnv2',
      backend: 'wasm',
      workers: 2,
      batchSize: 2,
      onProgress: (p) => {
        if (p.done >= 2) controller.abort()
      },
      signal: controller.signal
    })
    expect(first.workers).toBe(2)
    expect(first.computed).toBeGreaterThan(0)
    expect(first.computed).toBeLessThan(12)
    expect(await countFeatures(store.k, scopes.plain)).toBe(first.computed)

    const rest = await extractFeatures(store, dirs, images, {
      backbone: 'mnv2',
      backend: 'wasm',
      workers: 2,
      batchSize: 4,
      flip: true
    })
    expect(rest.skipped).toBe(0) // every image still lacked its flipped vector
    expect(rest.computed).toBe(12 - first.computed + 12)
    expect(rest.tensorsLeaked).toBe(0)
    expect(await countFeatures(store.k, scopes.plain)).toBe(12)
    expect(await countFeatures(store.k, scopes.flip)).toBe(12)

    const again = await extractFeatures(store, dirs, images, {
      backbone: 'mnv2',
      backend: 'wasm',
      flip: true
    })
    expect(again).toMatchObject({ computed: 0, skipped: 12, workers: 0 })

    // The stored vectors equal an in-process forward pass of the same inputs (plain and mirrored).
    const { model, spec } = await loadBackbone(store, dirs, 'mnv2')
    const before = tf.memory().numTensors
    const x = await loadModelInput(files[3], spec.preprocessing)
    const y = tf.tidy(
      () =>
        model.predict(
          tf.stack([tf.tensor3d(x, [224, 224, 3]), tf.tensor3d(flipHorizontal(x, 224), [224, 224, 3])])
        ) as tf.Tensor
    )
    const direct = y.arraySync() as number[][]
    y.dispose()
    expect(tf.memory().numTensors).toBe(before)
    model.dispose()
    const plain = (await getFeatures(store.k, scopes.plain, [images[3].sha256])).get(images[3].sha256)!
    const flipped = (await getFeatures(store.k, scopes.flip, [images[3].sha256])).get(images[3].sha256)!
    for (let i = 0; i < 1280; i++) {
      expect(plain[i]).toBeCloseTo(direct[0][i], 5)
      expect(flipped[i]).toBeCloseTo(direct[1][i], 5)
    }
    expect(Math.max(...plain.map((v, i) => Math.abs(v - flipped[i])))).toBeGreaterThan(1e-3)
  })

  it('gives features for arbitrary files, naming the unreadable ones, and drops features with their backbone', async () => {
    await freshStore()
    const bad = join(tmp(), 'broken.jpg')
    writeFileSync(bad, 'not an image')
    const [good] = benignFiles(1)
    const r = await featuresForFiles(store, dirs, [good, bad, join(tmp(), 'missing.png')], {
      backbone: 'mnv2',
      backend: 'wasm',
      workers: 1
    })
    expect(r.features.map((f) => f.path)).toEqual([good])
    expect(r.features[0].vector).toHaveLength(1280)
    expect(r.failed).toHaveLength(2)
    expect(r.failed.find((f) => f.path === bad)?.error).toBeTruthy()
    expect(r.failed.find((f) => f.path.endsWith('missing.png'))?.error).toMatch(/cannot read/)
    await removeBackbone(store, dirs, 'mnv2')
    expect(db.prepare('SELECT count(*) AS n FROM features').get()).toEqual({ n: 0 })
    expect(readdirSync(dirs.backbones)).toHaveLength(0)
  })
})
