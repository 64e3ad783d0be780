import { cellCopiesFor, recordThumbnailsOfFiles } from '../blobs/thumbnail'
import { finishBatch, finishScanIfComplete, queuedScanOf, takeBatch } from '../db/queries/scan-batches'
import { recordedPaths, recordItemsOnce } from '../db/queries/scan-items-once'
import { lockFor, write, type Store } from '../db/store'
import { predictBatch, predictedFiles } from '../scan/batch'
import { imageHeaders } from '../scan/extract'
import type { ComputeJob } from '../scan/plan'
import type { BatchEngine, BatchEngines } from './batch-engine'
import type { ScanBatchJob } from './boss'

/**
 * One batch of a queued scan on this worker: the files the scan has not recorded yet are read and classified by
 * the plain scan's own stages (the extraction workers, then the head and the decision of scan/batch.ts), and
 * recorded at most once in one transaction that also marks the batch done — and the scan, when it was the last.
 * Nothing is written before the transaction: a worker killed mid-batch leaves the batch as it found it.
 */

/** Who works on a batch, as the app shows it. */
export interface WorkerIdentity {
  machine: string
  pid: number
}

export interface BatchOutcome {
  scanId: number
  batch: number
  /** False when there was nothing left to do: the batch was done already, or its scan stopped. */
  worked: boolean
  /** Contents classified and recorded by this worker (0 when another worker recorded them first). */
  computed: number
  /** Whether this batch was the scan's last one. */
  scanDone: boolean
}

/** Feature vectors for the jobs, split over the pool's workers (each takes a share of the batch). */
async function extract(engine: BatchEngine, jobs: readonly ComputeJob[]): Promise<(Float32Array | string)[]> {
  const share = Math.ceil(jobs.length / engine.pool.size)
  const parts: ComputeJob[][] = []
  for (let i = 0; i < jobs.length; i += share) parts.push(jobs.slice(i, i + share))
  const results = await Promise.all(
    parts.map((part) => engine.pool.run(part.map((j) => ({ path: j.path, plain: true, flip: false }))))
  )
  return results.flat().map((r) => ('error' in r ? r.error : r.plain!))
}

export async function runBatch(
  store: Store,
  engines: BatchEngines,
  job: ScanBatchJob,
  worker: WorkerIdentity
): Promise<BatchOutcome> {
  const { scanId, batch } = job
  const idle = { scanId, batch, worked: false, computed: 0, scanDone: false }
  const scan = await queuedScanOf(store.k, scanId)
  // A scan that was removed, cancelled or failed: its remaining batches have nothing to do.
  if (!scan || scan.status !== 'running') return idle
  const taken = await takeBatch(store.k, scanId, batch, worker)
  if (!taken) return idle
  const engine = await engines.for(scan.modelId)
  const jobs = JSON.parse(taken.paths) as ComputeJob[]
  const recorded = await recordedPaths(
    store.k,
    scanId,
    jobs.map((j) => j.path)
  )
  const todo = jobs.filter((j) => !recorded.has(j.path))
  const [vectors, headers] = await Promise.all([extract(engine, todo), imageHeaders(engine.model)(todo)])
  const predicted = predictBatch(
    engine.model,
    {
      flagThreshold: scan.flagThreshold,
      tta: false,
      featureDim: engine.featureDim,
      backend: engine.backend
    },
    todo,
    vectors,
    headers
  )
  const result = await write(store, async (trx) => {
    // One writer per scan at a time: the check of what is recorded and the writes see one state.
    await lockFor(store, trx, `queued-scan:${scanId}`)
    const r = await recordItemsOnce(trx, scanId, predicted.items)
    await finishBatch(trx, scanId, batch, {
      computed: r.predictions,
      classified: r.files,
      backend: engine.backend,
      ...worker
    })
    const scanDone = await finishScanIfComplete(trx, scanId)
    return { scanId, batch, worked: true, computed: r.predictions, scanDone }
  })
  // A small picture of each cell and its model input's copy (idempotent, by content), so a reviewer elsewhere
  // sees it and its Grad-CAM without the folder.
  await recordThumbnailsOfFiles(
    store,
    scanId,
    predictedFiles(predicted.items),
    cellCopiesFor(store, engine.model.preprocessing)
  )
  return result
}
