import { readdirSync } from 'node:fs'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir, type DataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { tf } from '../../src/main/core/engine/tf'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import { loadBackbone } from '../../src/main/core/engine/backbones/registry'
import { datasetImages } from '../../src/main/core/engine/features/dataset'
import { featureScopes } from '../../src/main/core/engine/features/extract'
import { putFeatures } from '../../src/main/core/db/queries/features'
import { importFolder } from '../../src/main/core/import/import-folder'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { listModels } from '../../src/main/core/engine/models/registry'
import { trainModel } from '../../src/main/core/engine/training/pipeline'
import { runCli } from '../helpers/cli'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'
import { ariaSubset } from '../helpers/aria'

const tmp = useTmpDirs()

beforeAll(async () => {
  await initBackend('wasm')
})

/**
 * Stores the dataset's features in this thread. The engine's extraction pool does the same in workers; doing it
 * here keeps this test about training (the pipeline then finds every vector stored and extracts nothing).
 */
async function storeFeatures(store: Store, dirs: DataDir, dataset: string, backbone: string): Promise<void> {
  const bb = await loadBackbone(store, dirs, backbone)
  const scope = (await featureScopes(store, backbone)).plain
  const s = bb.spec.preprocessing.inputSize
  for (const img of await datasetImages(store.k, dataset)) {
    const input = await loadModelInput(img.path, bb.spec.preprocessing)
    const out = tf.tidy(() => bb.model.predict(tf.tensor4d(input, [1, s, s, 3])) as tf.Tensor)
    await putFeatures(store.k, scope, [{ imageSha256: img.sha256, vector: out.dataSync() as Float32Array }])
    out.dispose()
  }
  bb.model.dispose()
}

/** The built command line in its own process (tests/helpers/cli.ts). */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const { code, out, err } = await runCli(...args)
  if (code !== 0 && code !== 2) console.error(`leukolens ${args.join(' ')} → ${code}\n${err}`)
  return { code, out }
}

describe('training on real cells (Aria, MobileNetV2 features)', () => {
  it('trains from the CLI, stores an active version, evaluates, exports and imports it; cancel stores nothing', async () => {
    const root = tmp()
    const dirs = dataDir(join(root, 'data'))
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    await importFolder(store, {
      folder: ariaSubset(join(root, 'aria'), ['Benign', 'Early'], 36), // 36 HEM + 36 ALL cells
      name: 'mini',
      map: 'Benign=HEM,Early=ALL',
      split: { seed: 3, by: 'image' }
    })
    await addBackbone(store, dirs, {
      path: sharedPath('models/mobilenet-v2-0.35-imagenet'),
      name: 'mnv2',
      normalize: 'tf'
    })
    await storeFeatures(store, dirs, 'mini', 'mnv2')
    const d = ['--data-dir', dirs.root]

    // cancel during the first epoch: the registry stays empty, no folder is left behind
    const ctl = new AbortController()
    await expect(
      trainModel(store, dirs, {
        dataset: 'mini',
        backbone: 'mnv2',
        recipe: 'published',
        hyper: { epochs: 5 },
        signal: ctl.signal,
        onEpoch: () => ctl.abort()
      })
    ).rejects.toThrow(/cancelled/)
    expect(await listModels(store)).toHaveLength(0)
    expect(readdirSync(dirs.models)).toEqual([])

    const before = tf.memory().numTensors
    const train = await cli([
      ...d,
      '--json',
      'train',
      '--dataset',
      'mini',
      '--backbone',
      'mnv2',
      '--recipe',
      'published',
      '--epochs',
      '12',
      '--seed',
      '5'
    ])
    expect(train.code).toBe(0)
    const r = JSON.parse(train.out) as {
      modelId: string
      active: boolean
      epochs: number
      test: {
        accuracy: number
        weightedF1: number
        balancedAccuracy: number
        classes: string[]
        confusion: number[][]
        intervals: { accuracy: [number, number]; balancedAccuracy: [number, number] }
      }
      threshold: { positiveClass: string; rule: { kind: string } }
    }
    expect(tf.memory().numTensors).toBe(before)
    expect(r.active).toBe(true)
    expect(r.test.classes).toEqual(['ALL', 'HEM'])
    expect(r.threshold).toMatchObject({ positiveClass: 'ALL', rule: { kind: 'max-balanced-accuracy' } })
    const tested = r.test.confusion.flat().reduce((a, b) => a + b, 0)
    expect(tested).toBeGreaterThanOrEqual(8)
    // Benign vs Early cells are far apart in ImageNet features: a working trainer gets most test cells right.
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.8)
    expect(r.epochs).toBeGreaterThan(1)

    const shown = JSON.parse((await cli([...d, '--json', 'models', 'show', r.modelId])).out)
    expect(shown.history).toHaveLength(r.epochs)
    expect(shown.hyperparameters).toMatchObject({
      batchSize: 40,
      learningRate: 1e-4,
      seed: 5,
      classWeight: 'none'
    })
    // the test split's ROC points are stored with the version: (0,0) → (1,1), one per test image at most + origin
    const roc = shown.metrics.test.roc as { fpr: number[]; tpr: number[]; thresholds: number[] }
    expect([roc.fpr[0], roc.tpr[0], roc.fpr.at(-1), roc.tpr.at(-1)]).toEqual([0, 0, 1, 1])
    expect(roc.fpr.length).toBeLessThanOrEqual(tested + 1)
    expect(roc.thresholds).toHaveLength(roc.fpr.length)
    let area = 0
    for (let i = 1; i < roc.fpr.length; i++)
      area += ((roc.fpr[i] - roc.fpr[i - 1]) * (roc.tpr[i] + roc.tpr[i - 1])) / 2
    expect(area).toBeCloseTo(shown.metrics.test.rocAuc, 9)

    const ev = JSON.parse(
      (await cli([...d, '--json', 'evaluate', '--model', r.modelId, '--dataset', 'mini'])).out
    )
    expect(ev.metrics.confusion).toEqual(r.test.confusion) // same model, same split, same threshold
    // One evaluation path: the same intervals, and the same flagged and unfamiliar shares as training stored.
    const [lo, hi] = r.test.intervals.balancedAccuracy
    expect(lo).toBeLessThanOrEqual(r.test.balancedAccuracy)
    expect(hi).toBeGreaterThanOrEqual(r.test.balancedAccuracy)
    expect(ev.test.intervals).toEqual(r.test.intervals)
    expect(ev.trust.flagged).toBe(shown.trust.testFlag.workload)
    expect(ev.trust.unfamiliar).toBe(shown.trust.ood.testUnfamiliar)
    const all = JSON.parse(
      (await cli([...d, '--json', 'evaluate', '--dataset', 'mini', '--split', 'all'])).out
    )
    expect(all.metrics.count).toBe(72)

    const zip = join(root, 'm.zip')
    expect((await cli([...d, 'models', 'export', r.modelId, zip])).code).toBe(0)
    expect((await cli([...d, 'models', 'delete', r.modelId])).code).toBe(0)
    const imported = JSON.parse((await cli([...d, '--json', 'models', 'import', zip, '--activate'])).out)
    // the trust profile and its detector file (trust/ood.bin) travel with the archive
    expect(shown.trust?.ood.method).toBeDefined()
    expect(imported.trust).toEqual(shown.trust)
    expect(readdirSync(join(dirs.models, imported.id))).toContain('ood.bin')
    const again = JSON.parse(
      (await cli([...d, '--json', 'evaluate', '--model', imported.id, '--dataset', 'mini'])).out
    )
    expect(again.metrics.confusion).toEqual(r.test.confusion)

    // The default recipe, the logistic regression, at a planted operating point: stored in the head's layers,
    // scored the same by evaluate.
    const logistic = JSON.parse(
      (
        await cli([
          ...d,
          '--json',
          'train',
          '--dataset',
          'mini',
          '--backbone',
          'mnv2',
          '--operating-point',
          'sensitivity:0.9'
        ])
      ).out
    )
    expect(logistic.threshold.rule).toMatchObject({ kind: 'target-sensitivity', target: 0.9 })
    expect(logistic.threshold.validation.sensitivity).toBeGreaterThanOrEqual(0.9)
    expect(logistic.test.accuracy).toBeGreaterThanOrEqual(0.8)
    const ls = JSON.parse((await cli([...d, '--json', 'models', 'show', logistic.modelId])).out)
    expect(ls.hyperparameters).toMatchObject({
      linear: { l2: 0.01 },
      classWeight: 'balanced',
      flip: true,
      head: { units: 4 }
    })
    const lev = JSON.parse(
      (await cli([...d, '--json', 'evaluate', '--model', logistic.modelId, '--dataset', 'mini'])).out
    )
    expect(lev.test.confusion).toEqual(logistic.test.confusion)
    // exported and imported like any head: the same decisions after the round trip
    const lzip = join(root, 'logistic.zip')
    expect((await cli([...d, 'models', 'export', logistic.modelId, lzip])).code).toBe(0)
    expect((await cli([...d, 'models', 'delete', logistic.modelId])).code).toBe(0)
    const limported = JSON.parse((await cli([...d, '--json', 'models', 'import', lzip])).out)
    const lagain = JSON.parse(
      (await cli([...d, '--json', 'evaluate', '--model', limported.id, '--dataset', 'mini'])).out
    )
    expect(lagain.test.confusion).toEqual(logistic.test.confusion)
    expect(lagain.test.intervals).toEqual(logistic.test.intervals)

    expect((await cli([...d, 'models', 'show', 'nope'])).code).toBe(2)
    expect((await cli([...d, 'train', '--dataset', 'nope', '--backbone', 'mnv2'])).code).toBe(2)
    db.close()
  })
})
