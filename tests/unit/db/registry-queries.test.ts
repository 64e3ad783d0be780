import { describe, expect, it } from 'vitest'
import {
  backboneFileLists,
  backboneNameBySha,
  deleteBackboneRow,
  fromBackboneRow,
  insertBackboneRow,
  selectBackboneByName,
  selectBackbones
} from '../../../src/main/core/db/queries/backbones'
import {
  archiveModel,
  countPredictions,
  deleteModelRow,
  fromRow,
  insertModel,
  selectActive,
  selectModel,
  selectModels,
  setActiveModel,
  setModelName
} from '../../../src/main/core/db/queries/models'
import {
  countFeatures,
  getFeatures,
  putFeatures,
  storedShas
} from '../../../src/main/core/db/queries/features'
import { deleteSetting, getSetting, setSetting } from '../../../src/main/core/db/queries/settings'
import { write, type Store } from '../../../src/main/core/db/store'
import type { ModelVersion } from '../../../src/shared/types/models'
import { ENGINES, useStores } from '../../helpers/engines'
import { TOY_DRAFT } from '../../helpers/toy-registry'

const FILES = [{ name: 'model.json', bytes: 10, sha256: 'a'.repeat(64) }]

async function backbone(store: Store, name = 'toy', sha256 = 'b'.repeat(64)): Promise<number> {
  await insertBackboneRow(store.k, {
    name,
    kind: 'tfjs-layers',
    dir: `${name}-dir`,
    files: FILES,
    sha256,
    preprocessing: { inputSize: 224, resize: 'nearest', normalize: 'tf' },
    featureDim: 8,
    params: 1,
    source: 'test',
    createdAt: '2026-12-01T00:00:00.000Z'
  })
  return (await selectBackboneByName(store.k, name))!.id
}

const version = (id: string, createdAt: string): ModelVersion => ({
  ...TOY_DRAFT,
  id,
  createdAt,
  active: false,
  backboneSha256: 'b'.repeat(64),
  trust: null
})

describe.each(ENGINES)('registry query modules on %s', (engine) => {
  const open = useStores(engine)

  it('backbones: insert, find by name and by checksum, list their files, delete', async () => {
    const store = await open()
    const id = await backbone(store)
    await backbone(store, 'again', 'b'.repeat(64))
    const row = (await selectBackboneByName(store.k, 'toy'))!
    expect(fromBackboneRow(row)).toMatchObject({
      id,
      name: 'toy',
      files: FILES,
      featureDim: 8,
      precision: 'fp32'
    })
    expect((await selectBackbones(store.k)).map((b) => b.name)).toEqual(['again', 'toy'])
    // The first registered of two with the same weights.
    expect(await backboneNameBySha(store.k, 'b'.repeat(64))).toBe('toy')
    expect(await backboneNameBySha(store.k, 'c'.repeat(64))).toBeUndefined()
    expect(await backboneFileLists(store.k)).toEqual([
      { name: 'toy', files: FILES },
      { name: 'again', files: FILES }
    ])
    await deleteBackboneRow(store.k, id)
    expect(await selectBackboneByName(store.k, 'toy')).toBeUndefined()
  })

  it('models: newest first, one active at a time, rename, archive, count predictions, delete', async () => {
    const store = await open()
    const bb = await backbone(store)
    await write(store, async (trx) => {
      await insertModel(trx, version('m1', '2026-12-01T00:00:00.000Z'), bb, 'm1')
      await insertModel(trx, version('m2', '2026-12-02T00:00:00.000Z'), bb, 'm2')
    })
    expect((await selectModels(store.k)).map((r) => r.id)).toEqual(['m2', 'm1'])
    const m1 = fromRow((await selectModel(store.k, 'm1'))!)
    expect(m1).toMatchObject({
      id: 'm1',
      backbone: 'toy',
      classes: ['ALL', 'HEM'],
      threshold: TOY_DRAFT.threshold
    })
    expect(m1.split).toEqual(TOY_DRAFT.split)
    expect(await selectActive(store.k)).toBeUndefined()
    await setActiveModel(store.k, 'm1')
    await setActiveModel(store.k, 'm2')
    expect((await selectActive(store.k))?.id).toBe('m2')
    expect((await selectModels(store.k)).filter((r) => r.active === 1)).toHaveLength(1)
    await setModelName(store.k, 'm1', 'renamed')
    expect((await selectModel(store.k, 'm1'))?.name).toBe('renamed')
    expect(await countPredictions(store.k, 'm1')).toBe(0)
    await archiveModel(store.k, 'm2', '2026-12-03T00:00:00.000Z')
    expect((await selectModels(store.k)).map((r) => r.id)).toEqual(['m1'])
    expect(await selectActive(store.k)).toBeUndefined()
    await deleteModelRow(store.k, 'm1')
    expect(await selectModel(store.k, 'm1')).toBeUndefined()
  })

  it('features: float32 vectors round-trip by scope, a second put replaces, missing ones are absent', async () => {
    const store = await open()
    const bb = await backbone(store)
    const plain = { backboneId: bb, preprocessing: '224:nearest:tf', flip: false }
    const flip = { ...plain, flip: true }
    const sha = (c: string) => c.repeat(64)
    await putFeatures(store.k, plain, [
      { imageSha256: sha('a'), vector: Float32Array.of(1.5, -2, 1e-7) },
      { imageSha256: sha('b'), vector: Float32Array.of(0, 0, 1) }
    ])
    await putFeatures(store.k, flip, [{ imageSha256: sha('a'), vector: Float32Array.of(9, 9, 9) }])
    await putFeatures(store.k, plain, [{ imageSha256: sha('b'), vector: Float32Array.of(3, 2, 1) }])
    const got = await getFeatures(store.k, plain, [sha('b'), sha('c'), sha('a')])
    expect([...got.keys()]).toEqual([sha('b'), sha('a')])
    expect(Array.from(got.get(sha('a'))!)).toEqual([1.5, -2, Math.fround(1e-7)])
    expect(Array.from(got.get(sha('b'))!)).toEqual([3, 2, 1])
    expect(Array.from((await getFeatures(store.k, flip, [sha('a')])).get(sha('a'))!)).toEqual([9, 9, 9])
    expect(await storedShas(store.k, plain, [sha('a'), sha('c')])).toEqual(new Set([sha('a')]))
    expect(await countFeatures(store.k, plain)).toBe(2)
    expect(await countFeatures(store.k, flip)).toBe(1)
    // More rows than one statement carries.
    const many = Array.from({ length: 1203 }, (_, i) => ({
      imageSha256: i.toString(16).padStart(64, '0'),
      vector: Float32Array.of(i, -i, 0.5)
    }))
    await putFeatures(store.k, plain, many)
    const back = await getFeatures(
      store.k,
      plain,
      many.map((m) => m.imageSha256)
    )
    expect(back.size).toBe(1203)
    expect(Array.from(back.get(many[1202].imageSha256)!)).toEqual([1202, -1202, 0.5])
    // Removing the backbone removes its vectors (cascade).
    await deleteBackboneRow(store.k, bb)
    expect(await countFeatures(store.k, plain)).toBe(0)
  })

  it('settings: undefined until set, set replaces, delete forgets', async () => {
    const store = await open()
    expect(await getSetting(store.k, 'ui.theme')).toBeUndefined()
    await setSetting(store.k, 'ui.theme', 'dark')
    await setSetting(store.k, 'ui.theme', 'light')
    expect(await getSetting(store.k, 'ui.theme')).toBe('light')
    await deleteSetting(store.k, 'ui.theme')
    expect(await getSetting(store.k, 'ui.theme')).toBeUndefined()
  })
})
