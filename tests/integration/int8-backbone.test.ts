import { existsSync } from 'node:fs'
import { sqliteStore } from '../../src/main/core/db/store'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import { INT8_RECORD_FILE, readInt8Record } from '../../src/main/core/engine/backbones/int8-record'
import { getBackboneSpec, listBackbones } from '../../src/main/core/engine/backbones/registry'
import { importFolder } from '../../src/main/core/import/import-folder'
import { onnxExportState } from '../../src/main/core/onnx/export-state'
import { onnxRunnerSelector } from '../../src/main/core/onnx/runner-selector'
import { pickCalibrationImages, quantizeForDataset } from '../../src/main/services/quantize'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()

beforeAll(async () => {
  await initBackend('wasm')
})

describe('backbone quantize', () => {
  it('registers an int8 copy as its own backbone, recording its source and calibration images, ONNX Runtime only', async () => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    await addBackbone(store, dirs, {
      path: sharedPath('models/mobilenet-v2-0.35-imagenet'),
      name: 'mnv2',
      normalize: 'tf'
    })
    await importFolder(store, { folder: sharedPath('data/cnmc-samples'), name: 'cnmc' })
    const picked = await pickCalibrationImages(store.k, 'cnmc', 12)
    expect(await pickCalibrationImages(store.k, 'cnmc', 12)).toEqual(picked) // seeded: the same images every time
    await expect(pickCalibrationImages(store.k, 'cnmc', 4)).rejects.toThrow(/at least 8/)

    const r = await quantizeForDataset({ store, dirs }, { backbone: 'mnv2', dataset: 'cnmc', images: 12 })
    expect(r.backbone.name).toBe('mnv2-int8')
    expect(r.backbone.precision).toBe('int8')
    expect(r.calibrationImages + r.heldOutImages).toBe(picked.images.length)
    expect(r.meanCosine).toBeGreaterThan(0.9)
    const all = await listBackbones(store)
    const [source, copy] = ['mnv2', 'mnv2-int8'].map((n) => all.find((b) => b.name === n)!)
    expect(source.precision).toBe('fp32')
    expect(copy.id).not.toBe(source.id) // its own feature-store key
    expect(copy.sha256).not.toBe(source.sha256)
    expect(copy.files.map((f) => f.name)).toEqual([
      ...source.files.map((f) => f.name),
      INT8_RECORD_FILE,
      'backbone.onnx'
    ])

    const spec = await getBackboneSpec(store, dirs, 'mnv2-int8')
    const record = readInt8Record(spec.dir)!
    expect(record.source).toMatchObject({ name: 'mnv2', sha256: source.sha256 })
    expect(record.calibration).toMatchObject({ dataset: 'cnmc', images: picked.images.map((i) => i.sha256) })
    expect(record.opCounts.QLinearConv).toBe(52)
    const state = onnxExportState(spec)
    expect(state.state).toBe('ready')
    expect(existsSync(join(spec.dir, INT8_RECORD_FILE))).toBe(true)

    // Never on TF.js: it would store fp32 features under the int8 backbone.
    await expect(onnxRunnerSelector(spec, 'wasm')).rejects.toThrow(/int8: it runs on ONNX Runtime only/)
    const choice = await onnxRunnerSelector(spec)
    expect(choice?.backend).toBe('onnxruntime')
    await expect(
      quantizeForDataset({ store, dirs }, { backbone: 'mnv2-int8', dataset: 'cnmc', images: 12, name: 'x' })
    ).rejects.toThrow(/int8 already/)
    db.close()
  }, 300_000)
})
