import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/main/core/db/database'
import type { Store } from '../../src/main/core/db/store'
import type { DataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { buildHead } from '../../src/main/core/engine/head/head'
import {
  activateModel,
  createModelVersion,
  deleteModel,
  getModel,
  listModels
} from '../../src/main/core/engine/models/registry'
import {
  createScan,
  findResumableScan,
  finishScan,
  recordScanItems,
  markRunningHere
} from '../../src/main/core/scan/store'
import { reportModel } from '../../src/main/core/scan/model'
import { useTmpDirs } from '../helpers/tmp'
import { toyRegistry, TOY_DRAFT } from '../helpers/toy-registry'
import { storeOf } from '../helpers/scan-store'

/** A model with predictions is archived, not deleted; a model a running scan uses, and a second scan, are refused. */
const tmp = useTmpDirs()

beforeAll(async () => {
  await initBackend('wasm')
})

const setup = () => toyRegistry(tmp())

const draft = TOY_DRAFT

async function model(store: Store, dirs: DataDir): Promise<string> {
  const head = buildHead(8, 2, 3)
  const v = await createModelVersion(store, dirs, draft, head, { activate: true })
  head.dispose()
  return v.id
}

const scanOf = async (db: Database, modelId: string, folder = '/cells') =>
  await createScan(storeOf(db).k, {
    folder,
    recursive: false,
    modelId,
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  })

async function predict(db: Database, modelId: string, n: number): Promise<void> {
  const scan = await scanOf(db, modelId)
  await recordScanItems(
    storeOf(db).k,
    scan.id,
    Array.from({ length: n }, (_, i) => ({
      path: `/cells/${i}.png`,
      sha256: i.toString(16).padStart(64, '0'),
      prediction: {
        sha256: i.toString(16).padStart(64, '0'),
        modelId,
        classes: ['ALL', 'HEM'],
        probabilities: [0.6, 0.4],
        predicted: 'ALL',
        confidence: 0.6,
        flagged: true,
        tta: false,
        backend: 'wasm'
      }
    }))
  )
  await finishScan(storeOf(db).k, scan.id, 'done')
}

describe('deleting a model version', () => {
  it('with predictions: archived — gone from the list, kept for history and reports, cannot be activated', async () => {
    const { db, store, dirs } = await setup()
    const id = await model(store, dirs)
    await predict(db, id, 50)
    expect(await deleteModel(store, db, dirs, id)).toBe('archived')
    expect((await listModels(store)).map((m) => m.id)).not.toContain(id)
    expect(await getModel(store, id)).toMatchObject({ id, active: false, archivedAt: expect.any(String) })
    expect((await reportModel(store, id))?.id).toBe(id)
    await expect(activateModel(store, id)).rejects.toThrow(/was deleted \(archived/)
    db.close()
  })

  it('without predictions: deleted', async () => {
    const { db, store, dirs } = await setup()
    const id = await model(store, dirs)
    expect(await deleteModel(store, db, dirs, id)).toBe('deleted')
    await expect(getModel(store, id)).rejects.toThrow(/no model/)
    db.close()
  })

  it('used by a running scan: refused', async () => {
    const { db, store, dirs } = await setup()
    const id = await model(store, dirs)
    const scan = await scanOf(db, id)
    markRunningHere(storeOf(db), scan.id, true)
    try {
      await expect(deleteModel(store, db, dirs, id)).rejects.toThrow(
        `model ${id} is in use by running scan ${scan.id}`
      )
    } finally {
      markRunningHere(storeOf(db), scan.id, false)
    }
    // Once that scan is over (its process gone), deleting works again (it stored no prediction: deleted).
    expect(await deleteModel(store, db, dirs, id)).toBe('deleted')
    db.close()
  })
})

describe('a second scan of the same folder with the same model while the first runs', () => {
  it('is refused, naming the running scan; after it ends, the next run resumes it', async () => {
    const { db, store, dirs } = await setup()
    const id = await model(store, dirs)
    const first = await scanOf(db, id, '/incoming')
    markRunningHere(storeOf(db), first.id, true)
    const key = { folder: '/incoming', recursive: false, modelId: id, tta: false }
    try {
      await expect(findResumableScan(storeOf(db), storeOf(db).k, key)).rejects.toThrow(
        `scan ${first.id} of /incoming with model ${id} is already running`
      )
    } finally {
      markRunningHere(storeOf(db), first.id, false)
    }
    expect((await findResumableScan(storeOf(db), storeOf(db).k, key))?.id).toBe(first.id)
    db.close()
  })
})
