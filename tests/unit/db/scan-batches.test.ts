import { describe, expect, it } from 'vitest'
import type { NewPrediction, ScanItemResult } from '../../../src/main/core/db/queries/scan-items'
import {
  failBatch,
  finishBatch,
  finishScanIfComplete,
  insertBatches,
  insertQueuedScan,
  listQueuedScans,
  queuedScanProgress,
  takeBatch
} from '../../../src/main/core/db/queries/scan-batches'
import { latestPredictionIds, recordItemsOnce } from '../../../src/main/core/db/queries/scan-items-once'
import { scanItemCounts, scanOutcomes } from '../../../src/main/core/db/queries/queued-scan-result'
import type { Store } from '../../../src/main/core/db/store'
import { queuedScans } from '../../../src/main/services/queue'
import { ENGINES, useStores } from '../../helpers/engines'

const sha = (c: string): string => c.repeat(64)

function prediction(content: string, predicted: string): NewPrediction {
  return {
    sha256: sha(content),
    modelId: 'm-1',
    classes: ['ALL', 'HEM'],
    probabilities: predicted === 'ALL' ? [0.9, 0.1] : [0.2, 0.8],
    predicted,
    confidence: predicted === 'ALL' ? 0.9 : 0.8,
    flagged: false,
    oodScore: 0.1,
    ood: false,
    flagReason: null,
    tta: false,
    backend: 'wasm'
  }
}

/** A batch's results: two contents (one with a second file of the same content) and an unreadable file. */
const ITEMS: ScanItemResult[] = [
  { path: '/f/a.png', sha256: sha('a'), prediction: prediction('a', 'ALL'), duplicates: ['/f/a-copy.png'] },
  { path: '/f/b.png', sha256: sha('b'), prediction: prediction('b', 'HEM') },
  { path: '/f/c.png', sha256: sha('c'), error: 'not an image (unrecognised content)' }
]

async function queuedScan(store: Store, batches: number): Promise<number> {
  const id = await insertQueuedScan(store.k, {
    folder: '/f',
    recursive: false,
    modelId: 'm-1',
    tta: false,
    flagThreshold: 0.8,
    backend: 'queue'
  })
  await insertBatches(
    store.k,
    id,
    Array.from({ length: batches }, (_, i) => ({ paths: `[${i}]`, images: 4 }))
  )
  return id
}

const worker = (machine: string, pid: number) => ({ machine, pid })

describe.each(ENGINES)('queued scan batches on %s', (engine) => {
  const open = useStores(engine)

  it('records a batch done twice once: one prediction per content, one item per file', async () => {
    const store = await open()
    const id = await queuedScan(store, 1)
    expect(await recordItemsOnce(store.k, id, ITEMS)).toEqual({ predictions: 2, files: 3 })
    // The same batch again (a worker that stalled past its lease finishes after the one that took it over).
    expect(await recordItemsOnce(store.k, id, ITEMS)).toEqual({ predictions: 0, files: 0 })
    const items = await store.k
      .selectFrom('scan_items')
      .select(['path', 'prediction_id'])
      .orderBy('path')
      .execute()
    expect(items.map((i) => i.path)).toEqual(['/f/a-copy.png', '/f/a.png', '/f/b.png', '/f/c.png'])
    expect(items[0].prediction_id).toBe(items[1].prediction_id)
    const preds = await store.k
      .selectFrom('predictions')
      .select(['sha256', 'predicted'])
      .orderBy('sha256')
      .execute()
    expect(preds).toEqual([
      { sha256: sha('a'), predicted: 'ALL' },
      { sha256: sha('b'), predicted: 'HEM' }
    ])
    expect(await latestPredictionIds(store.k, [sha('a'), sha('b'), sha('d')], 'm-1', false)).toEqual(
      new Map([
        [sha('a'), items[1].prediction_id],
        [sha('b'), items[2].prediction_id]
      ])
    )
    expect(await scanItemCounts(store.k, id)).toEqual({
      files: 4,
      classified: 3,
      unreadable: 1,
      flagged: 0,
      unfamiliar: 0,
      countsByClass: { ALL: 2, HEM: 1 }
    })
    const { outcomes, classes } = await scanOutcomes(store.k, id)
    expect(classes).toEqual(['ALL', 'HEM'])
    expect(outcomes.map((o) => [o.fieldPath, o.predicted, o.reviewed])).toEqual([
      ['/f/a-copy.png', 'ALL', false],
      ['/f/a.png', 'ALL', false],
      ['/f/b.png', 'HEM', false]
    ])
  })

  it('is done when its last batch is, and keeps the first record of a batch finished twice', async () => {
    const store = await open()
    const id = await queuedScan(store, 2)
    expect(await takeBatch(store.k, id, 0, worker('bench-1', 11))).toMatchObject({ batch: 0, attempts: 1 })
    // Its lease lapses; another worker takes it over.
    expect(await takeBatch(store.k, id, 0, worker('bench-2', 22))).toMatchObject({ attempts: 2 })
    await finishBatch(store.k, id, 0, {
      computed: 4,
      classified: 4,
      backend: 'wasm',
      ...worker('bench-2', 22)
    })
    await finishBatch(store.k, id, 0, {
      computed: 0,
      classified: 0,
      backend: 'wasm',
      ...worker('bench-1', 11)
    })
    expect(await takeBatch(store.k, id, 0, worker('bench-3', 33))).toBeUndefined()
    expect(await finishScanIfComplete(store.k, id)).toBe(false)
    await takeBatch(store.k, id, 1, worker('bench-1', 11))
    const running = await queuedScanProgress(store.k, id)
    expect(running).toMatchObject({
      status: 'running',
      batches: { total: 2, done: 1, running: 1, failed: 0, waiting: 0 },
      images: { total: 8, done: 4 },
      computed: 4,
      machines: [
        { machine: 'bench-1', pid: 11, done: 0, running: 1 },
        { machine: 'bench-2', pid: 22, done: 1, running: 0 }
      ]
    })
    expect((await listQueuedScans(store.k)).map((p) => p.scanId)).toEqual([id])
    // What the app lists (the contract's queue:scans): the scan and the worker processes on it.
    const [view] = await queuedScans({ store })
    expect(view).toMatchObject({
      scanId: id,
      finishedAt: null,
      batches: { total: 2, done: 1, running: 1, failed: 0, waiting: 0 },
      machines: [
        { machine: 'bench-1', pid: 11, done: 0, running: 1 },
        { machine: 'bench-2', pid: 22, done: 1, running: 0 }
      ],
      error: null
    })
    await finishBatch(store.k, id, 1, {
      computed: 3,
      classified: 4,
      backend: 'wasm',
      ...worker('bench-1', 11)
    })
    expect(await finishScanIfComplete(store.k, id)).toBe(true)
    const done = await queuedScanProgress(store.k, id)
    expect(done).toMatchObject({ status: 'done', backend: 'wasm', computed: 7, classified: 8 })
    expect(await listQueuedScans(store.k)).toEqual([])
    expect((await listQueuedScans(store.k, 20, { finishedToo: true })).map((p) => p.status)).toEqual(['done'])
  })

  it('fails the scan when a batch has no tries left, not before', async () => {
    const store = await open()
    const id = await queuedScan(store, 1)
    await takeBatch(store.k, id, 0, worker('bench-1', 11))
    await failBatch(store.k, id, 0, 'batch 0 of scan 1 failed on bench-1: out of memory', false)
    expect(await queuedScanProgress(store.k, id)).toMatchObject({
      status: 'running',
      batches: { failed: 1, waiting: 1 },
      error: 'batch 0 of scan 1 failed on bench-1: out of memory'
    })
    // Taken again, the old reason goes; failing on the last try fails the scan.
    await takeBatch(store.k, id, 0, worker('bench-2', 22))
    expect(await queuedScanProgress(store.k, id)).toMatchObject({ error: null, batches: { running: 1 } })
    await failBatch(store.k, id, 0, 'batch 0 of scan 1 failed on bench-2: out of memory', true)
    expect(await queuedScanProgress(store.k, id)).toMatchObject({ status: 'failed' })
  })

  it('refuses a batch state outside the four', async () => {
    const store = await open()
    const id = await queuedScan(store, 1)
    await expect(
      store.k.updateTable('scan_batches').set({ state: 'lost' }).where('scan_id', '=', id).execute()
    ).rejects.toThrow(/check/i)
  })
})
