import { thisMachine } from '../core/machine'
import { getModel } from '../core/engine/models/registry'
import { BatchEngines } from '../core/queue/batch-engine'
import { startQueue } from '../core/queue/boss'
import type { QueueTiming } from '../core/queue/timing'
import { enqueueScan, type EnqueuedScan } from '../core/queue/enqueue'
import {
  followQueuedScan,
  queuedScanFailure,
  queuedScanResult,
  type QueuedScanResult
} from '../core/queue/follow'
import { runWorker, type WorkerOptions, type WorkerTotals } from '../core/queue/worker'
import { listQueuedScans, queuedScanOf, type QueuedScanProgress } from '../core/db/queries/scan-batches'
import type { z } from 'zod'
import type { QueuedScanView } from '../../shared/calls/people'
import { getUnfamiliarLimit } from '../core/scan/settings'
import type { ServiceContext } from './context'
import { workstationStore } from './workstation-store'
import { engineConfig, scanReviewThreshold } from './settings'
import { requireRole } from './people'

/**
 * Scans spread over machines, on the lab's shared PostgreSQL database (the session's store): queue one, work on
 * the queue, follow one. The model versions come from this workstation's registry (ctx.db), by id, on the queuing machine and on
 * every worker alike; the review threshold is the queuing machine's configuration, stored on the scan.
 */

export interface QueueScanRequest {
  folder: string
  modelId?: string
  recursive?: boolean
  rescan?: boolean
  batchSize?: number
  /** Test-time augmentation, as a plain scan's `--tta`. */
  tta?: boolean
  /** Whole fields, as a plain scan's `--fields`, with the crop style (default: the model version's own). */
  fields?: boolean
  cropStyle?: 'masked' | 'plain'
}

export async function queueScan(
  ctx: ServiceContext,
  timing: QueueTiming,
  req: QueueScanRequest
): Promise<EnqueuedScan & { modelId: string; modelName: string }> {
  await requireRole(ctx, 'scan')
  const version = await getModel(ctx.store, req.modelId)
  const flagThreshold = await scanReviewThreshold(ctx, {
    trust: version.trust ? { flagThreshold: version.trust.flag.threshold } : undefined
  })
  const boss = await startQueue(ctx.store, { maintain: false, timing })
  try {
    const queued = await enqueueScan(ctx.store, boss, timing, {
      folder: req.folder,
      recursive: Boolean(req.recursive),
      rescan: Boolean(req.rescan),
      tta: Boolean(req.tta),
      fields: Boolean(req.fields),
      // A model version made before crop styles existed was trained on segmented cells: masked (as fields.ts).
      cropStyle: req.fields ? (req.cropStyle ?? version.preprocessing.cropStyle ?? 'masked') : undefined,
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
  return { machine: thisMachine(), pid: process.pid }
}

export async function workOnQueue(
  ctx: ServiceContext,
  timing: QueueTiming,
  opts: WorkerOptions
): Promise<WorkerTotals & { tensorsLeaked: number }> {
  // A worker scans on behalf of the person it signs in as (unattended: LEUKOLENS_USER and LEUKOLENS_PASSWORD).
  await requireRole(ctx, 'scan')
  const boss = await startQueue(ctx.store, { maintain: true, timing, onError: () => undefined })
  const engines = new BatchEngines(
    { store: ctx.store, settings: workstationStore(ctx).k, dirs: ctx.dirs },
    await engineConfig(ctx)
  )
  try {
    const totals = await runWorker(ctx.store, boss, engines, workerIdentity(), opts)
    return { ...totals, tensorsLeaked: await engines.close() }
  } finally {
    await engines.close()
    await boss.stop({ graceful: false, wait: true })
  }
}

export async function waitForQueuedScan(
  ctx: ServiceContext,
  scanId: number,
  opts: { onProgress?: (p: QueuedScanProgress) => void; signal?: AbortSignal; pollMs?: number } = {}
): Promise<QueuedScanResult & { progress: QueuedScanProgress; fields: boolean }> {
  const progress = await followQueuedScan(ctx.store.k, scanId, opts)
  return {
    ...(await queuedScanResult(ctx.store.k, progress, await getUnfamiliarLimit(workstationStore(ctx).k))),
    progress,
    fields: Boolean((await queuedScanOf(ctx.store.k, scanId))?.fields)
  }
}

/**
 * The queued scans on the store in use, newest first — running ones and those that ended, which the window lists
 * until they are reviewed — with the worker processes on each (the contract's `queue:scans`). On the workstation's
 * own SQLite file there are none: nothing is queued there.
 */
export async function queuedScans(
  ctx: Pick<ServiceContext, 'store'>,
  req?: { limit?: number }
): Promise<z.infer<typeof QueuedScanView>[]> {
  return (await listQueuedScans(ctx.store.k, req?.limit, { finishedToo: true })).map((p) => ({
    scanId: p.scanId,
    folder: p.folder,
    modelId: p.modelId,
    status: p.status,
    startedAt: p.startedAt,
    finishedAt: p.finishedAt,
    batches: p.batches,
    images: p.images,
    machines: p.machines,
    // A failed scan says why and how to finish it; a running one, its first failed batch (tried again).
    error: p.status === 'failed' ? queuedScanFailure(p) : p.error
  }))
}
