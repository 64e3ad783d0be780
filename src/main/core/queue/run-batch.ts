import { cellCopiesFor, recordThumbnailsOfFiles } from '../blobs/thumbnail'
import {
  finishBatch,
  finishScanIfComplete,
  queuedScanOf,
  takeBatch,
  type QueuedScanOptions
} from '../db/queries/scan-batches'
import { recordedPaths, recordItemsOnce } from '../db/queries/scan-items-once'
import { lockFor, write, type Queries, type Store } from '../db/store'
import { predictBatch, predictedFiles, type PredictedBatch } from '../scan/batch'
import { imageHeaders } from '../scan/extract'
import type { ComputeJob } from '../scan/plan'
import type { BatchEngine, BatchEngines } from './batch-engine'
import type { ScanBatchJob } from './boss'
import type { BatchWork } from './batch-work'
import { fieldBatchWork } from './field-batch'

/**
 * One batch of a queued scan on this worker: the files the scan has not recorded yet are read and classified by
 * the plain scan's own stages (the extraction workers — or, with TTA, the eight-view runner — then the head and
 * the decision of scan/batch.ts, with the scan's own settings), and recorded at most once in one transaction that
 * also marks the batch done — and the scan, when it was the last. A field scan's batch holds fields: their cells
 * are found and cropped first (field-batch.ts). Nothing is written before the transaction: a worker killed
 * mid-batch leaves the batch as it found it.
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

/** Contents classified at once by the eight-view runner: a plain scan's default batch (memory: 8 views each). */
const TTA_CHUNK = 8

/** Feature vectors for the jobs: split over the pool's workers (each takes a share), or eight views each. */
async function extract(
  engine: BatchEngine,
  jobs: readonly ComputeJob[],
  tta: boolean
): Promise<(Float32Array | string)[]> {
  if (tta) {
    const runner = await engine.tta()
    const out: (Float32Array | string)[] = []
    for (let i = 0; i < jobs.length; i += TTA_CHUNK)
      out.push(...(await runner.features(jobs.slice(i, i + TTA_CHUNK).map((j) => j.path))))
    return out
  }
  const share = Math.ceil(jobs.length / engine.pool.size)
  const parts: ComputeJob[][] = []
  for (let i = 0; i < jobs.length; i += share) parts.push(jobs.slice(i, i + share))
  const results = await Promise.all(
    parts.map((part) => engine.pool.run(part.map((j) => ({ path: j.path, plain: true, flip: false }))))
  )
  return results.flat().map((r) => ('error' in r ? r.error : r.plain!))
}

/** Classifies the jobs as a plain scan with the scan's settings would; records nothing. */
export async function classifyJobs(
  engine: BatchEngine,
  scan: QueuedScanOptions,
  jobs: readonly ComputeJob[]
): Promise<{ predicted: PredictedBatch; backend: string }> {
  const backend = scan.tta ? (await engine.tta()).backend : engine.backend
  const [vectors, headers] = await Promise.all([
    extract(engine, jobs, scan.tta),
    imageHeaders(engine.model)(jobs)
  ])
  const settings = {
    flagThreshold: scan.flagThreshold,
    tta: scan.tta,
    fields: scan.fields,
    featureDim: engine.featureDim,
    backend
  }
  return { predicted: predictBatch(engine.model, settings, jobs, vectors, headers), backend }
}

/** A batch of cell images: the files the scan has not recorded yet, classified. */
async function fileBatchWork(
  q: Queries,
  engine: BatchEngine,
  scan: QueuedScanOptions,
  scanId: number,
  jobs: readonly ComputeJob[]
): Promise<BatchWork> {
  const recorded = await recordedPaths(
    q,
    scanId,
    jobs.map((j) => j.path)
  )
  const todo = jobs.filter((j) => !recorded.has(j.path))
  const { predicted, backend } = await classifyJobs(engine, scan, todo)
  return { predicted, backend, record: (trx) => recordItemsOnce(trx, scanId, predicted.items) }
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
  const work = scan.fields
    ? await fieldBatchWork(store.k, engines.src.dirs, scan, scanId, jobs, (todo) =>
        classifyJobs(engine, scan, todo)
      )
    : await fileBatchWork(store.k, engine, scan, scanId, jobs)
  const result = await write(store, async (trx) => {
    // One writer per scan at a time: the check of what is recorded and the writes see one state.
    await lockFor(store, trx, `queued-scan:${scanId}`)
    const r = await work.record(trx)
    await finishBatch(trx, scanId, batch, {
      computed: r.predictions,
      classified: r.files,
      backend: work.backend,
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
    predictedFiles(work.predicted.items),
    cellCopiesFor(store, engine.model.preprocessing)
  )
  return result
}
