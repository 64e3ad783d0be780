import { createHash } from 'node:crypto'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import { initBackend } from '../../src/main/core/engine/backend'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import { getBackboneSpec } from '../../src/main/core/engine/backbones/registry'
import { loadTfjsLayersModel } from '../../src/main/core/engine/backbones/tfjs-files'
import { extractFeatures, featureScopes } from '../../src/main/core/engine/features/extract'
import { getFeatures } from '../../src/main/core/db/queries/features'
import { tf } from '../../src/main/core/engine/tf'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { dataDir } from '../../src/main/core/paths'
import { ONNX_FILE, onnxExportState } from '../../src/main/core/onnx/backbone-export'
import { onnxDoctorStatus, type ExportStateCache } from '../../src/main/core/onnx/status'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

/**
 * The engine's extraction, end to end through its worker pool, picks ONNX Runtime for an exportable backbone
 * and stores the same features TF.js computes (to float32 rounding: see onnx-parity.test.ts).
 */
describe('feature extraction on ONNX Runtime through the engine', () => {
  const tmp = useTmpDirs()
  let db: Database
  let store: Store
  afterAll(() => db?.close())
  beforeAll(async () => {
    await initBackend('wasm')
  })

  it('extracts real cells on onnxruntime and stores what TF.js computes', async () => {
    const dirs = dataDir(tmp())
    db = openDatabase(dirs.db)
    store = sqliteStore(db)
    await addBackbone(store, dirs, {
      path: sharedPath('models/mobilenet-v2-0.35-imagenet/model.json'),
      name: 'mobilenet',
      normalize: 'tf',
      inputSize: 224
    })
    // `backbone add` writes the ONNX copy with the files.
    expect(onnxExportState(await getBackboneSpec(store, dirs, 'mobilenet')).state).toBe('ready')
    const root = sharedPath('data/aria-all')
    const images = ['Benign', 'Pro']
      .flatMap((c) =>
        readdirSync(join(root, c))
          .sort()
          .slice(0, 3)
          .map((f) => join(root, c, f))
      )
      .map((path) => ({ path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') }))

    const result = await extractFeatures(store, dirs, images, { backbone: 'mobilenet' })
    expect(result).toMatchObject({ backend: 'onnxruntime', workers: 1, computed: 6, failed: [] })
    expect(onnxExportState(await getBackboneSpec(store, dirs, 'mobilenet')).state).toBe('ready')
    // The session's cache of checked exports (services/app.ts keeps one per session).
    const checked: ExportStateCache = new Map()
    expect(await onnxDoctorStatus(store, dirs, checked)).toMatchObject({
      available: true,
      providers: ['cpu'],
      backbones: [{ name: 'mobilenet', state: 'ready', featureMap: true }]
    })

    const spec = await getBackboneSpec(store, dirs, 'mobilenet')
    const model = await loadTfjsLayersModel(join(spec.dir, spec.entry))
    const stored = await getFeatures(
      store.k,
      (await featureScopes(store, 'mobilenet')).plain,
      images.map((i) => i.sha256)
    )
    let worst = 0
    for (const img of images) {
      const x = await loadModelInput(img.path, spec.preprocessing)
      const want = tf.tidy(() => (model.predict(tf.tensor4d(x, [1, 224, 224, 3])) as tf.Tensor).dataSync())
      const got = stored.get(img.sha256)!
      expect(got.length).toBe(1280)
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]))
    }
    model.dispose()
    expect(worst).toBeLessThan(5e-5)

    // A second run finds everything stored.
    expect(await extractFeatures(store, dirs, images, { backbone: 'mobilenet' })).toMatchObject({
      computed: 0,
      skipped: 6
    })

    // The status keeps its last check only while the folder is unchanged: a damaged export is reported.
    const onnxPath = join(spec.dir, ONNX_FILE)
    const bytes = readFileSync(onnxPath)
    bytes[bytes.length >> 1] ^= 0xff
    writeFileSync(onnxPath, bytes)
    utimesSync(onnxPath, new Date(), new Date(Date.now() + 5000)) // a new mtime even on a coarse clock
    expect((await onnxDoctorStatus(store, dirs, checked)).backbones).toMatchObject([
      { name: 'mobilenet', state: 'corrupt' }
    ])
  })
})
