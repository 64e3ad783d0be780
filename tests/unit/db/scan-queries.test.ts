import { describe, expect, it } from 'vitest'
import { write, type Store } from '../../../src/main/core/db/store'
import {
  classCounts,
  finishedScanOf,
  finishScan,
  getScan,
  insertScan,
  latestPrediction,
  latestShaAtPath,
  listScans,
  otherFieldScansOf,
  quickCheckedFiles,
  scanCounts,
  scannedFolders,
  scannedPaths,
  unfamiliarCount,
  unfinishedScans,
  unreadableFiles
} from '../../../src/main/core/db/queries/scans'
import { recordScanItems, type NewPrediction } from '../../../src/main/core/db/queries/scan-items'
import {
  emptyFieldsOfScan,
  fieldCellCount,
  fieldCellOfCrop,
  fieldCellsOfScan,
  insertEmptyFields,
  insertFieldCells
} from '../../../src/main/core/db/queries/field-cells'
import { cellsOfField, shasWithPrefix } from '../../../src/main/core/db/queries/image-lookup'
import { reviewedPaths } from '../../../src/main/core/db/queries/review-paths'
import { comparedRows } from '../../../src/main/core/db/queries/model-compare'
import { splitImageProfile } from '../../../src/main/core/db/queries/trust'
import { ENGINES, useStores } from '../../helpers/engines'

const sha = (n: number): string => n.toString(16).padStart(64, '0')

const scanOf = (folder: string, extra: { fields?: boolean; kind?: 'quick'; modelId?: string } = {}) => ({
  folder,
  recursive: true,
  modelId: extra.modelId ?? 'm1',
  tta: false,
  flagThreshold: 0.8,
  backend: 'wasm',
  ...extra
})

function prediction(n: number, predicted = 'ALL', extra: Partial<NewPrediction> = {}): NewPrediction {
  return {
    sha256: sha(n),
    modelId: 'm1',
    classes: ['ALL', 'HEM'],
    probabilities: predicted === 'ALL' ? [0.9, 0.1] : [0.1, 0.9],
    predicted,
    confidence: 0.9,
    flagged: false,
    tta: false,
    backend: 'wasm',
    ...extra
  }
}

async function review(store: Store, n: number, label: string): Promise<void> {
  await store.k
    .insertInto('review_log')
    .values({ sha256: sha(n), new_label: label, reviewer: 'ana', created_at: new Date().toISOString() })
    .execute()
}

describe.each(ENGINES)('scan queries on %s', (engine) => {
  const open = useStores(engine)

  it('creates, lists, reopens and finishes scans', async () => {
    const store = await open()
    const a = await insertScan(store.k, scanOf('/a'), 11)
    const b = await insertScan(store.k, scanOf('/a', { fields: true }), 12)
    await insertScan(store.k, scanOf('/q', { kind: 'quick' }), 13)
    expect(await getScan(store.k, a)).toMatchObject({
      id: a,
      folder: '/a',
      recursive: true,
      status: 'running'
    })
    expect((await listScans(store.k)).map((s) => s.folder)).toEqual(['/q', '/a', '/a'])
    expect((await unfinishedScans(store.k, scanOf('/a'))).map((s) => s.id)).toEqual([a])
    expect((await unfinishedScans(store.k, scanOf('/a', { fields: true }))).map((s) => s.pid)).toEqual([12])
    expect(await finishedScanOf(store.k, scanOf('/a'))).toBeUndefined()
    await finishScan(store.k, a, 'done')
    expect(await finishedScanOf(store.k, scanOf('/a'))).toMatchObject({ id: a, status: 'done' })
    const c = await insertScan(store.k, scanOf('/a', { fields: true }), 14)
    expect(await otherFieldScansOf(store.k, c)).toEqual([b])
    expect(await scannedFolders(store.k)).toEqual(['/a'])
  })

  it('records each file of a scan once: a batch done again adds nothing and returns the stored ids', async () => {
    const store = await open()
    const scan = await insertScan(store.k, scanOf('/s'), 1)
    const batch = [
      { path: '/s/1.png', sha256: sha(1), prediction: prediction(1), duplicates: ['/s/1-copy.png'] },
      { path: '/s/2.png', sha256: sha(2), prediction: prediction(2, 'HEM', { flagged: true, ood: true }) },
      { path: '/s/bad.png', sha256: null, error: 'not an image' }
    ]
    const ids = await write(store, (trx) => recordScanItems(trx, scan, batch))
    expect(ids[2]).toBeUndefined()
    const again = await write(store, (trx) => recordScanItems(trx, scan, batch))
    expect(again).toEqual(ids)
    const n = await store.k
      .selectFrom('predictions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(n.n)).toBe(2)
    // A later scan reuses the stored prediction of the same content.
    const later = await insertScan(store.k, scanOf('/t'), 1)
    await write(store, (trx) =>
      recordScanItems(trx, later, [{ path: '/t/x.png', sha256: sha(1), predictionId: ids[0]! }])
    )
    expect(await scannedPaths(store.k, scan)).toEqual(
      new Set(['/s/1.png', '/s/1-copy.png', '/s/2.png', '/s/bad.png'])
    )
    expect(await scanCounts(store.k, scan)).toEqual({
      files: 4,
      classified: 3,
      unreadable: 1,
      flagged: 1,
      reviewed: 0
    })
    await review(store, 2, 'ALL')
    expect((await scanCounts(store.k, scan)).reviewed).toBe(1)
    expect(await classCounts(store.k, scan)).toEqual({ ALL: 2, HEM: 1 })
    expect(await unfamiliarCount(store.k, scan)).toBe(1)
    expect(await unreadableFiles(store.k, scan)).toEqual([
      { scanId: scan, path: '/s/bad.png', reason: 'not an image' }
    ])
    expect(await latestPrediction(store.k, sha(2), 'm1', false)).toMatchObject({
      id: ids[1],
      predicted: 'HEM',
      ood: true
    })
    expect(await latestPrediction(store.k, sha(2), 'm1', true)).toBeUndefined()
    expect(await latestShaAtPath(store.k, '/t/x.png')).toBe(sha(1))
    expect(await shasWithPrefix(store.k, sha(1).slice(0, 60))).toEqual([sha(1), sha(2)])
    expect(await reviewedPaths(store.k)).toEqual(new Map([[sha(2), '/s/2.png']]))
  })

  it('lists the files of quick checks only', async () => {
    const store = await open()
    const quick = await insertScan(store.k, scanOf('picked', { kind: 'quick' }), 1)
    const folder = await insertScan(store.k, scanOf('/f'), 1)
    await write(store, async (trx) => {
      await recordScanItems(trx, quick, [{ path: '/x/a.png', sha256: null, error: 'unreadable' }])
      await recordScanItems(trx, folder, [{ path: '/f/b.png', sha256: null, error: 'unreadable' }])
    })
    expect(await quickCheckedFiles(store.k)).toEqual(['/x/a.png'])
  })

  it('keeps the cells and empty fields of a field scan, each once', async () => {
    const store = await open()
    const scan = await insertScan(store.k, scanOf('/fields', { fields: true }), 1)
    const cell = {
      scanId: scan,
      fieldPath: '/fields/f1.jpg',
      fieldSha256: sha(100),
      cell: 1,
      x: 1,
      y: 2,
      width: 30,
      height: 40,
      areaPx: 900,
      score: 0.7,
      mask: { data: new Uint8Array([0, 1, 1, 0]), width: 2, height: 2 },
      maskScale: 0.5,
      cropStyle: 'masked' as const,
      cropPath: '/crops/c1.png'
    }
    await insertFieldCells(store.k, [cell, { ...cell, cell: 2, cropPath: '/crops/c2.png' }])
    await insertFieldCells(store.k, [cell])
    await insertEmptyFields(store.k, scan, [{ path: '/fields/f2.jpg', sha256: sha(101) }])
    await insertEmptyFields(store.k, scan, [{ path: '/fields/f2.jpg', sha256: sha(101) }])
    const cells = await fieldCellsOfScan(store.k, scan)
    expect(cells.map((c) => c.cell)).toEqual([1, 2])
    expect(cells[0]).toEqual({ ...cell, mask: { ...cell.mask, data: new Uint8Array([0, 1, 1, 0]) } })
    expect(await fieldCellCount(store.k, scan)).toBe(2)
    expect(await fieldCellOfCrop(store.k, scan, '/crops/c2.png')).toEqual({
      fieldPath: '/fields/f1.jpg',
      cell: 2
    })
    expect(await fieldCellOfCrop(store.k, scan, '/elsewhere.png')).toBeUndefined()
    expect(await emptyFieldsOfScan(store.k, scan)).toEqual(['/fields/f2.jpg'])
    await recordScanItems(store.k, scan, [
      { path: '/crops/c1.png', sha256: sha(1), prediction: prediction(1) }
    ])
    expect(await cellsOfField(store.k, sha(100))).toEqual([
      { scanId: scan, cell: 1, sha256: sha(1), predicted: 'ALL', confidence: 0.9 }
    ])
  })

  it('compares the newest answers of two model versions per content', async () => {
    const store = await open()
    const scan = await insertScan(store.k, scanOf('/c'), 1)
    await recordScanItems(store.k, scan, [
      { path: '/c/1.png', sha256: sha(1), prediction: prediction(1) },
      { path: '/c/2.png', sha256: sha(2), prediction: prediction(2) }
    ])
    const other = await insertScan(store.k, scanOf('/c', { modelId: 'm2' }), 1)
    await recordScanItems(store.k, other, [
      { path: '/c/1.png', sha256: sha(1), prediction: prediction(1, 'HEM', { modelId: 'm2', flagged: true }) }
    ])
    await review(store, 1, 'HEM')
    expect(await comparedRows(store.k, scan, 'm1', 'm2')).toEqual([
      {
        path: '/c/1.png',
        sha256: sha(1),
        aPredicted: 'ALL',
        aConfidence: 0.9,
        aFlagged: 0,
        bPredicted: 'HEM',
        bConfidence: 0.9,
        bFlagged: 1,
        reviewed: 'HEM'
      },
      {
        path: '/c/2.png',
        sha256: sha(2),
        aPredicted: 'ALL',
        aConfidence: 0.9,
        aFlagged: 0,
        bPredicted: null,
        bConfidence: null,
        bFlagged: null,
        reviewed: null
      }
    ])
  })

  it("profiles a split's images", async () => {
    const store = await open()
    const now = new Date().toISOString()
    const ds = await store.k
      .insertInto('datasets')
      .values({ name: 'd', root: '/d', layout: 'flat', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [n, format, width] of [
      [1, 'png', 100],
      [2, 'jpeg', 300],
      [3, 'png', 200]
    ] as const) {
      const img = await store.k
        .insertInto('images')
        .values({
          sha256: sha(n),
          path: `/d/${n}`,
          format,
          width,
          height: width / 2,
          size: 1,
          created_at: now
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await store.k
        .insertInto('dataset_images')
        .values({ dataset_id: ds.id, image_id: img.id, path: `/d/${n}`, label: 'ALL' })
        .execute()
      await store.k
        .insertInto('splits')
        .values({ dataset_id: ds.id, image_id: img.id, split: n === 3 ? 'val' : 'train', label: 'ALL' })
        .execute()
    }
    expect(await splitImageProfile(store.k, 'd', 'train')).toEqual({
      formats: ['jpeg', 'png'],
      width: { min: 100, max: 300 },
      height: { min: 50, max: 150 }
    })
    expect(await splitImageProfile(store.k, 'd', 'test')).toEqual({
      formats: [],
      width: { min: 0, max: 0 },
      height: { min: 0, max: 0 }
    })
  })
})
