import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import { initBackend } from '../../src/main/core/engine/backend'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import { loadTfjsLayersModel } from '../../src/main/core/engine/backbones/tfjs-files'
import { buildHead } from '../../src/main/core/engine/head/head'
import { tf, type LayersModel } from '../../src/main/core/engine/tf'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { dataDir, type DataDir } from '../../src/main/core/paths'
import { queryHistory } from '../../src/main/core/scan/history'
import { runScan, type ScanModel } from '../../src/main/core/scan/run'
import { averageProbabilities, ttaViews } from '../../src/main/core/scan/tta'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'
import { dbsOf, storeOf } from '../helpers/scan-store'

/**
 * TTA on a known image. The head is seeded and untrained on purpose: the properties checked hold for any head —
 * the scan's TTA probabilities are the average over the eight views computed by hand, and a turned or mirrored
 * copy of the image gets the same answer (the eight views of a turned image are the same eight images), while
 * without TTA it does not.
 */
const PREP = { inputSize: 224, resize: 'nearest', normalize: 'tf' } as const

describe('test-time augmentation through the scan pipeline', () => {
  const tmp = useTmpDirs()
  let db: Database
  let store: Store
  let dirs: DataDir
  let model: ScanModel
  let folder: string

  beforeAll(async () => {
    await initBackend('wasm')
    const root = tmp()
    dirs = dataDir(join(root, 'data'))
    db = openDatabase(dirs.db)
    store = sqliteStore(db)
    await addBackbone(store, dirs, {
      path: sharedPath('models/mobilenet-v2-0.35-imagenet/model.json'),
      name: 'mobilenet',
      normalize: 'tf',
      inputSize: 224
    })
    model = {
      id: 'seeded-head-for-tta',
      classes: ['ALL', 'HEM'],
      backbone: 'mobilenet',
      preprocessing: PREP,
      head: buildHead(1280, 2, 11)
    }
    folder = join(root, 'cells')
    mkdirSync(folder)
    const src = sharedPath('data/aria-all/Early/WBC-Malignant-Early-010.jpg')
    // Lossless copies, so the turned image holds exactly the same pixels.
    await sharp(src).png().toFile(join(folder, 'a.png'))
    await sharp(src).rotate(90).png().toFile(join(folder, 'a-rot90.png'))
    await sharp(src).flop().png().toFile(join(folder, 'a-mirror.png'))
  })

  afterAll(() => {
    model?.head.dispose()
    db?.close()
  })

  const probsByName = async (scanId: number): Promise<Map<string, number[]>> =>
    new Map(
      (await queryHistory(storeOf(db), { scanId })).map((r) => [
        r.path.split('/').pop()!,
        r.prediction.probabilities
      ])
    )

  it('averages the eight views, and turned or mirrored copies get the same answer', async () => {
    const before = tf.memory().numTensors
    const plain = await runScan(dbsOf(db), dirs, model, { folder, backend: 'wasm', workers: 1 })
    const withTta = await runScan(dbsOf(db), dirs, model, { folder, tta: true, backend: 'wasm' })
    expect(tf.memory().numTensors).toBe(before)
    expect(withTta).toMatchObject({ computed: 3, unreadable: 0 })
    const p = await probsByName(plain.scanId)
    const t = await probsByName(withTta.scanId)
    const diff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])))
    // Without TTA the turned copy is a different input to the network...
    expect(diff(p.get('a.png')!, p.get('a-rot90.png')!)).toBeGreaterThan(1e-4)
    // ...with TTA it is the same set of eight views.
    expect(diff(t.get('a.png')!, t.get('a-rot90.png')!)).toBeLessThan(2e-5)
    expect(diff(t.get('a.png')!, t.get('a-mirror.png')!)).toBeLessThan(2e-5)

    const backbone: LayersModel = await loadTfjsLayersModel(
      sharedPath('models/mobilenet-v2-0.35-imagenet/model.json')
    )
    const x = await loadModelInput(join(folder, 'a.png'), PREP)
    const views = ttaViews({ data: x, height: 224, width: 224, channels: 3 })
    const byHand = views.map((v) =>
      tf.tidy(() =>
        Array.from(
          (
            model.head.predict(
              backbone.predict(tf.tensor4d(v.data, [1, 224, 224, 3])) as tf.Tensor
            ) as tf.Tensor
          ).dataSync()
        )
      )
    )
    backbone.dispose()
    expect(diff(t.get('a.png')!, averageProbabilities(byHand))).toBeLessThan(2e-5)
    expect(withTta.countsByClass).toBeDefined()
    const rows = await queryHistory(storeOf(db), { scanId: withTta.scanId })
    expect(rows.every((r) => r.prediction.tta)).toBe(true)
  })
})
