import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../src/main/core/db/store'
import type { DataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { tf } from '../../src/main/core/engine/tf'
import { buildHead, predictProbabilities } from '../../src/main/core/engine/head/head'
import {
  activateModel,
  createModelVersion,
  deleteModel,
  getModel,
  listModels,
  loadModelVersion
} from '../../src/main/core/engine/models/registry'
import { exportModel, importModel } from '../../src/main/core/engine/models/archive'
import { useTmpDirs } from '../helpers/tmp'
import { toyRegistry, TOY_DRAFT } from '../helpers/toy-registry'

const tmp = useTmpDirs()

beforeAll(async () => {
  await initBackend('wasm')
})

const setup = () => toyRegistry(tmp())

const draft = TOY_DRAFT

const snapshot = async (store: Store, dirs: DataDir) => ({
  rows: JSON.stringify(await listModels(store)),
  folders: readdirSync(dirs.models).sort(),
  tmp: readdirSync(dirs.tmp).sort()
})

describe('model registry', () => {
  it('stores a version, saves → loads the head with identical predictions, one active at a time', async () => {
    const { db, store, dirs } = await setup()
    const head = buildHead(8, 2, 3)
    const x = Float32Array.from({ length: 16 }, (_, i) => i / 16)
    const expected = predictProbabilities(head, x, 8)
    const a = await createModelVersion(store, dirs, draft, head)
    expect(a.active).toBe(true) // the first version becomes active
    expect(existsSync(join(dirs.models, a.id, 'model.json'))).toBe(true)
    const before = tf.memory().numTensors
    const loaded = await loadModelVersion(store, dirs)
    expect(loaded.version.id).toBe(a.id)
    expect(Array.from(predictProbabilities(loaded.head, x, 8))).toEqual(Array.from(expected))
    loaded.head.dispose()
    expect(tf.memory().numTensors).toBe(before)
    const b = await createModelVersion(store, dirs, { ...draft, name: 'second' }, head)
    expect(b.active).toBe(false)
    await activateModel(store, b.id)
    expect((await listModels(store)).filter((m) => m.active).map((m) => m.id)).toEqual([b.id])
    expect((await getModel(store, a.id)).threshold).toEqual(draft.threshold)
    await deleteModel(store, db, dirs, b.id)
    expect(existsSync(join(dirs.models, b.id))).toBe(false)
    await expect(getModel(store)).rejects.toThrow(/no active model/)
    await expect(getModel(store, 'nope')).rejects.toThrow(/no model nope/)
    head.dispose()
    db.close()
  })

  it('a failure while storing leaves the registry exactly as it was', async () => {
    const { db, store, dirs } = await setup()
    const head = buildHead(8, 2, 3)
    await createModelVersion(store, dirs, draft, head)
    const before = await snapshot(store, dirs)
    // unknown backbone: refused before anything is written
    await expect(createModelVersion(store, dirs, { ...draft, backbone: 'missing' }, head)).rejects.toThrow(
      /no backbone named missing/
    )
    // wrong feature size for the backbone
    await expect(createModelVersion(store, dirs, { ...draft, featureDim: 9 }, head)).rejects.toThrow(
      /9-d features/
    )
    // the row insert fails inside the transaction (a CHECK constraint): files in tmp are removed, no folder appears
    await expect(
      createModelVersion(store, dirs, { ...draft, source: 'bogus' as never }, head)
    ).rejects.toThrow(/CHECK/)
    expect(await snapshot(store, dirs)).toEqual(before)
    head.dispose()
    db.close()
  })

  it('exports to one file and imports it back as a new version; a bad archive is refused by name', async () => {
    const { db, store, dirs } = await setup()
    const head = buildHead(8, 2, 3)
    const a = await createModelVersion(store, dirs, draft, head)
    const file = join(tmp(), 'model.zip')
    await exportModel(store, dirs, a.id, file)
    const b = await importModel(store, dirs, file)
    expect(b.id).not.toBe(a.id)
    expect(b.source).toBe('archive-import')
    expect(b.threshold).toEqual(a.threshold)
    expect(b.note).toMatch(new RegExp(`was ${a.id}`))
    const x = Float32Array.from({ length: 8 }, (_, i) => i)
    const [la, lb] = [await loadModelVersion(store, dirs, a.id), await loadModelVersion(store, dirs, b.id)]
    expect(Array.from(predictProbabilities(lb.head, x, 8))).toEqual(
      Array.from(predictProbabilities(la.head, x, 8))
    )
    la.head.dispose()
    lb.head.dispose()
    // The same archive again: found by its head weights' SHA-256, said so, and no second copy made.
    const count = (await listModels(store)).length
    await expect(importModel(store, dirs, file)).rejects.toThrow(
      new RegExp(
        `model\\.zip: already in the registry as model ${b.id} .*same head weights \\(sha256 [0-9a-f]{12}…\\)`
      )
    )
    expect(await listModels(store)).toHaveLength(count)
    const before = await snapshot(store, dirs)
    const junk = join(tmp(), 'junk.zip')
    writeFileSync(junk, 'not a zip')
    await expect(importModel(store, dirs, junk)).rejects.toThrow(/junk\.zip: not a readable model archive/)
    // an archive whose backbone is not registered here
    const other = await setup()
    await expect(importModel(other.store, other.dirs, file)).resolves.toBeTruthy()
    other.db.prepare("UPDATE backbones SET sha256 = 'c'").run()
    await expect(importModel(other.store, other.dirs, file)).rejects.toThrow(/needs backbone "toy"/)
    expect(await snapshot(store, dirs)).toEqual(before)
    head.dispose()
    db.close()
    other.db.close()
  })
})
