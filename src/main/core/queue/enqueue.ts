import type PgBoss from 'pg-boss'
import type { SkippedFolder } from '../import/walk-folder'
import { insertBatches, insertQueuedScan, finishScanIfComplete } from '../db/queries/scan-batches'
import { recordItemsOnce } from '../db/queries/scan-items-once'
import { write, type Store } from '../db/store'
import { sendBatchJobs } from './boss'
import type { QueueTiming } from './timing'
import { planQueuedScan, type QueuePlanOptions } from './plan'

/**
 * `scan FOLDER --queue`: the scan is planned here (walked, hashed, known contents recorded) and its batches put
 * on the shared database's queue for any worker to take. The scan row, its batches, what is known already and the
 * jobs are written in one transaction: a failure leaves no half-queued scan behind.
 */

export interface EnqueueOptions extends Omit<QueuePlanOptions, 'batchSize'> {
  /** Images per batch (default 50): small enough that a lost batch costs little, large enough to amortise a job. */
  batchSize?: number
  flagThreshold: number
  /** A field scan's crop style (the model version's own by default). */
  cropStyle?: 'masked' | 'plain'
}

export interface EnqueuedScan {
  scanId: number
  folder: string
  files: number
  batches: number
  /** Files recorded at once: contents classified before, and unreadable files. */
  known: number
  skippedFolders: SkippedFolder[]
}

export const DEFAULT_QUEUE_BATCH = 50

export async function enqueueScan(
  store: Store,
  boss: PgBoss,
  timing: QueueTiming,
  opts: EnqueueOptions
): Promise<EnqueuedScan> {
  if (store.engine !== 'postgres')
    throw new Error('a queued scan needs the shared PostgreSQL database: its workers are on other machines')
  const plan = await planQueuedScan(store.k, { ...opts, batchSize: opts.batchSize ?? DEFAULT_QUEUE_BATCH })
  const scanId = await write(store, async (trx) => {
    const id = await insertQueuedScan(trx, {
      folder: plan.folder,
      recursive: opts.recursive,
      modelId: opts.modelId,
      tta: opts.tta,
      fields: opts.fields,
      cropStyle: opts.cropStyle,
      rescan: opts.rescan,
      flagThreshold: opts.flagThreshold,
      backend: 'queue'
    })
    await recordItemsOnce(trx, id, plan.known)
    await insertBatches(
      trx,
      id,
      plan.batches.map((b) => ({
        paths: JSON.stringify(b),
        images: b.reduce((n, j) => n + 1 + j.duplicates.length, 0)
      }))
    )
    await sendBatchJobs(
      boss,
      trx,
      plan.batches.map((_, batch) => ({ scanId: id, batch })),
      timing
    )
    // Nothing to compute (every content known): the scan is done now.
    if (!plan.batches.length) await finishScanIfComplete(trx, id)
    return id
  })
  return {
    scanId,
    folder: plan.folder,
    files: plan.files,
    batches: plan.batches.length,
    known: plan.known.length,
    skippedFolders: plan.skippedFolders
  }
}
