import { hostname } from 'node:os'
import { getModel } from '../core/engine/models/registry'
import { type Store } from '../core/db/store'
import { BatchEngines } from '../core/queue/batch-engine'
import { startQueue } from '../core/queue/boss'
import type { QueueTiming } from '../core/queue/timing'
import { enqueueScan, type EnqueuedScan } from '../core/queue/enqueue'
import { followQueuedScan, queuedScanResult, type QueuedScanResult } from '../core/queue/follow'
import { runWorker, type WorkerOptions, type WorkerTotals } from '../core/queue/worker'
import type { QueuedScanProgress } from '../core/db/queries/scan-batches'
import { getUnfamiliarLimit } from '../core/scan/settings'
import type { ServiceContext } from './context'
import { engineConfig, scanReviewThreshold } from './settings'

/**
 * Scans spread over machines, on a lab's shared PostgreSQL database (`store`): queue one, work on the queue, follow
 * one. The model versions come from this workstation's registry (ctx.db), by id, on the queuing machine and on
 * every worker alike; the review threshold is the queuing machine's configuration, stored on the scan.
 */

export interface QueueScanRequest {
  folder: string
  modelId?: string
  recursive?: boolean
  rescan?: boolean
  batchSize?: number
}

export async function queueScan(
  ctx: ServiceContext,
  store: Store,
  timing: QueueTiming,
  req: QueueScanRequest
): Promise<EnqueuedScan & { modelId: string; modelName: string }> {
  const version = getModel(ctx.db, req.modelId)
  const flagThreshold = scanReviewThreshold(ctx, {
    trust: version.trust ? { flagThreshold: version.trust.flag.threshold } : undefined
  })
  const boss = await startQueue(store, { maintain: false, timing })
  try {
    const queued = await enqueueScan(store, boss, timing, {
      folder: req.folder,
      recursive: Boolean(req.recursive),
      rescan: Boolean(req.rescan),
      modelId: version.id,
      batchSize: req.batchSize,
      flagThreshold
    })
    return { ...queued, modelId: version.id, modelName: version.name }
  } finally {
    await boss.stop({ graceful: false, wait: true })
  }
}

/** This process as a worker: its machine and process id, recorded on each batch it takes. */
export function workerIdentity(): { machine: string; pid: number } {
  return { machine: hostname(), pid: process.pid }
}

export async function workOnQueue(
  ctx: ServiceContext,
  store: Store,
  timing: QueueTiming,
  opts: WorkerOptions
): Promise<WorkerTotals & { tensorsLeaked: number }> {
  const boss = await startQueue(store, { maintain: true, timing, onError: () => undefined })
  const engines = new BatchEngines({ db: ctx.db, dirs: ctx.dirs }, engineConfig(ctx))
  try {
    const totals = await runWorker(store, boss, engines, workerIdentity(), opts)
    return { ...totals, tensorsLeaked: await engines.close() }
  } finally {
    await engines.close()
    await boss.stop({ graceful: false, wait: true })
  }
}

export async function waitForQueuedScan(
  ctx: ServiceContext,
  store: Store,
  scanId: number,
  opts: { onProgress?: (p: QueuedScanProgress) => void; signal?: AbortSignal; pollMs?: number } = {}
): Promise<QueuedScanResult & { progress: QueuedScanProgress }> {
  const progress = await followQueuedScan(store.k, scanId, opts)
  return { ...(await queuedScanResult(store.k, progress, getUnfamiliarLimit(ctx.db))), progress }
}
