import { describe, expect, it } from 'vitest'
import {
  deleteDataset,
  getDataset,
  getDatasetByName,
  insertDataset,
  listDatasets,
  setSplitSettings
} from '../../../src/main/core/db/queries/datasets'
import {
  classStats,
  datasetCounts,
  datasetFiles,
  datasetImagePaths,
  datasetMembers,
  formatCounts,
  imagePathsBySha256,
  insertMembers,
  labelledImageRows,
  listDatasetImages,
  relabelMember,
  upsertDatasetFiles,
  upsertImages
} from '../../../src/main/core/db/queries/images'
import {
  currentAssignment,
  replaceSplit,
  splitItems,
  splitRows
} from '../../../src/main/core/db/queries/splits'
import type { Queries, Store } from '../../../src/main/core/db/store'
import { datasetSamples } from '../../../src/main/core/import/dataset-info'
import { ENGINES, useStores } from '../../helpers/engines'

const sha = (c: string) => c.repeat(64)
const image = (c: string, format = 'bmp') => ({
  sha256: sha(c),
  path: `/d/${c}.${format}`,
  size: 10,
  width: 4,
  height: 4,
  format
})
const member = (
  imageId: number,
  path: string,
  label: string | null,
  sourceLabel = label,
  subject: string | null = null
) => ({
  imageId,
  path,
  label,
  sourceLabel,
  subject
})

/** Two datasets sharing one image: `one` (class folders, two HEM and one ALL) and `two` (flat). */
async function twoDatasets(q: Queries) {
  const d1 = await insertDataset(q, {
    name: 'one',
    root: '/one',
    layout: 'class-folders',
    classMapping: { benign: 'HEM' }
  })
  const d2 = await insertDataset(q, { name: 'two', root: '/two', layout: 'flat', classMapping: {} })
  const ids = await upsertImages(q, [image('s'), image('o'), image('e', 'jpeg')])
  const [shared, own, early] = [ids.get(sha('s'))!, ids.get(sha('o'))!, ids.get(sha('e'))!]
  await insertMembers(q, d1, [
    member(shared, 'Benign/s.bmp', 'HEM', 'Benign', 'p1'),
    member(own, 'Benign/o.bmp', 'HEM', 'Benign', 'p2'),
    member(early, 'Early/e.jpg', 'ALL', 'Early', 'p1')
  ])
  await insertMembers(q, d2, [member(shared, 's.bmp', null)])
  await upsertDatasetFiles(q, d1, [
    { path: 'Benign/s.bmp', imageId: shared },
    { path: 'Benign/o.bmp', imageId: own },
    { path: 'Benign/o-copy.bmp', imageId: own },
    { path: 'Early/e.jpg', imageId: early }
  ])
  return { d1, d2, shared, own, early }
}

describe.each(ENGINES)('dataset, image and split queries on %s', (engine) => {
  const open = useStores(engine)

  it('stores one row per content: the same sha256 again keeps the first row and its path', async () => {
    const { k } = await open()
    const first = await upsertImages(k, [image('a'), image('b')])
    const again = await upsertImages(k, [{ ...image('a'), path: '/elsewhere/a.bmp' }, image('c')])
    expect(again.get(sha('a'))).toBe(first.get(sha('a')))
    expect(new Set([...first.values(), ...again.values()]).size).toBe(3)
    expect(await imagePathsBySha256(k, [sha('c'), sha('z'), sha('a')])).toEqual(['/d/c.bmp', '/d/a.bmp'])
    const n = await k
      .selectFrom('images')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(n.n)).toBe(3)
  })

  it('writes thousands of images, members and files in batches, and reads them back', async () => {
    const { k } = await open()
    const d = await insertDataset(k, { name: 'big', root: '/big', layout: 'flat', classMapping: {} })
    const many = Array.from({ length: 1234 }, (_, i) => ({
      ...image('0'),
      sha256: i.toString(16).padStart(64, '0')
    }))
    const ids = await upsertImages(k, many)
    expect(ids.size).toBe(1234)
    await insertMembers(
      k,
      d,
      many.map((m, i) => member(ids.get(m.sha256)!, `f${i}.bmp`, i % 2 ? 'ALL' : 'HEM'))
    )
    await upsertDatasetFiles(
      k,
      d,
      many.map((m, i) => ({ path: `f${i}.bmp`, imageId: ids.get(m.sha256)! }))
    )
    expect(await datasetCounts(k, d)).toEqual({ images: 1234, labelled: 1234, subjects: 0, files: 1234 })
    expect((await datasetMembers(k, d)).size).toBe(1234)
    expect((await datasetFiles(k, d)).size).toBe(1234)
  })

  it('lists members with their split by path, per split, and counts classes, subjects, formats and files', async () => {
    const { k } = await open()
    const { d1, d2, shared, own, early } = await twoDatasets(k)
    await replaceSplit(
      k,
      d1,
      new Map([
        [shared, 'train'],
        [own, 'test'],
        [early, 'train']
      ])
    )
    expect((await listDatasetImages(k, d1)).map((i) => [i.path, i.split, i.format])).toEqual([
      ['/one/Benign/o.bmp', 'test', 'bmp'],
      ['/one/Benign/s.bmp', 'train', 'bmp'],
      ['/one/Early/e.jpg', 'train', 'jpeg']
    ])
    expect((await listDatasetImages(k, d1, { split: 'train' })).map((i) => i.imageId).sort()).toEqual(
      [shared, early].sort()
    )
    expect(await listDatasetImages(k, d2, { labelledOnly: true })).toEqual([])
    await expect(listDatasetImages(k, 999)).rejects.toThrow('no dataset with id 999')
    expect(await classStats(k, d1)).toEqual([
      { label: 'ALL', images: 1, subjects: 1, sources: ['Early'] },
      { label: 'HEM', images: 2, subjects: 2, sources: ['Benign'] }
    ])
    expect(await datasetCounts(k, d1)).toEqual({ images: 3, labelled: 3, subjects: 2, files: 4 })
    expect(await formatCounts(k, d1)).toEqual({ bmp: 2, jpeg: 1 })
    expect((await datasetImagePaths(k, d1)).map((r) => r.path)).toEqual([
      'Benign/o.bmp',
      'Benign/s.bmp',
      'Early/e.jpg'
    ])
    expect((await labelledImageRows(k, d1)).map((r) => [r.sha256[0], r.split])).toEqual([
      ['e', 'train'],
      ['o', 'test'],
      ['s', 'train']
    ])
    expect((await splitRows(k, d1)).sort((a, b) => a.label.localeCompare(b.label))).toEqual([
      { split: 'train', label: 'ALL', subject: 'p1' },
      { split: expect.any(String), label: 'HEM', subject: expect.any(String) },
      { split: expect.any(String), label: 'HEM', subject: expect.any(String) }
    ])
    expect(await currentAssignment(k, d1)).toEqual(
      new Map([
        [shared, 'train'],
        [own, 'test'],
        [early, 'train']
      ])
    )
    expect((await splitItems(k, d1)).map((i) => [i.imageId, i.key, i.file])).toEqual(
      [
        [shared, sha('s'), '/d/s.bmp'],
        [own, sha('o'), '/d/o.bmp'],
        [early, sha('e'), '/d/e.jpeg']
      ].sort((a, b) => (a[0] as number) - (b[0] as number))
    )
    expect(await datasetSamples(k, d1, 1)).toEqual([
      { path: '/one/Benign/o.bmp', label: 'HEM' },
      { path: '/one/Early/e.jpg', label: 'ALL' }
    ])
  })

  it('a path seen again takes its new content; a relabelled member is relabelled in its split too', async () => {
    const { k } = await open()
    const { d1, own, early } = await twoDatasets(k)
    await upsertDatasetFiles(k, d1, [{ path: 'Benign/o-copy.bmp', imageId: early }])
    expect((await datasetFiles(k, d1)).get('Benign/o-copy.bmp')).toBe(sha('e'))
    await replaceSplit(k, d1, new Map([[own, 'val']]))
    await relabelMember(k, d1, own, 'ALL', 'review')
    expect((await datasetMembers(k, d1)).get(own)).toMatchObject({ label: 'ALL', sourceLabel: 'review' })
    expect(await splitRows(k, d1)).toEqual([{ split: 'val', label: 'ALL', subject: 'p2' }])
  })

  it('keeps split settings, and lists datasets by name in character-code order', async () => {
    const { k } = await open()
    for (const name of ['b', 'B', 'a', 'Z'])
      await insertDataset(k, { name, root: `/${name}`, layout: 'flat', classMapping: {} })
    expect((await listDatasets(k)).map((d) => d.name)).toEqual(['B', 'Z', 'a', 'b'])
    const a = (await getDatasetByName(k, 'a'))!
    expect(a.split).toBeNull()
    await setSplitSettings(k, a.id, {
      seed: 3,
      ratios: [60, 20, 20],
      by: 'subject',
      blockSize: 50,
      rule: 'blocks',
      order: null
    })
    expect((await getDataset(k, a.id))!.split).toMatchObject({
      seed: 3,
      ratios: [60, 20, 20],
      by: 'subject',
      blockSize: 50,
      rule: 'blocks',
      order: null
    })
    await expect(
      insertDataset(k, { name: 'a', root: '/a2', layout: 'flat', classMapping: {} })
    ).rejects.toThrow()
    expect(await getDatasetByName(k, 'A')).toBeUndefined()
  })

  it('deleting a dataset removes its membership, files, split and the images nobody else uses', async () => {
    const store: Store = await open()
    const { k } = store
    const { d1, shared, own, early } = await twoDatasets(k)
    await replaceSplit(
      k,
      d1,
      new Map([
        [shared, 'train'],
        [own, 'test'],
        [early, 'val']
      ])
    )
    expect(await deleteDataset(store, d1)).toEqual({ imagesRemoved: 2 })
    expect((await k.selectFrom('images').select('sha256').execute()).map((r) => r.sha256)).toEqual([sha('s')])
    for (const t of ['splits', 'dataset_files'] as const)
      expect(await k.selectFrom(t).selectAll().execute()).toEqual([])
    expect(await k.selectFrom('dataset_images').select('path').execute()).toEqual([{ path: 's.bmp' }])
  })
})
