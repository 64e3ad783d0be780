import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import type PgBoss from 'pg-boss'
import { DatabaseUnreachableError, explainPostgresError, isUnreachable } from '../db/postgres/errors'
import { failBatch } from '../db/queries/scan-batches'
import type { Store } from '../db/store'
import type { BatchEngines } from './batch-engine'
import { recordGivenUpBatches } from './given-up'
import { SCAN_BATCH_QUEUE, type ScanBatchJob } from './boss'
import { runBatch, type BatchOutcome, type WorkerIdentity } from './run-batch'

/**
 * `leukolens worker`: takes queued scan batches one at a time until stopped — a stop (Ctrl-C, SIGTERM) ends it
 * after the batch in hand — or, with `once`, until the queue holds no batch, waiting or held by another worker
 * (a held one may come back to the queue when its worker dies).
 */

export interface WorkerOptions {
  once: boolean
  signal: AbortSignal
  /** How long to wait before asking the queue again when it had nothing (seconds). */
  pollSeconds?: number
  onBatch?: (o: BatchOutcome) => void
  /** A batch that failed here (it goes back to the queue while it has tries left). */
  onFailure?: (job: ScanBatchJob, message: string, final: boolean) => void
  /**
   * The shared database stopped answering (its reason) or answers again (undefined): told once each way. A worker
   * waits for it (a `once` worker ends with the reason instead), keeping every batch it finished.
   */
  onReachability?: (lost: DatabaseUnreachableError | undefined) => void
}

export interface WorkerTotals {
  batches: number
  computed: number
  failed: number
}

/** Why the shared database does not answer, or undefined when it does. */
async function unreachable(store: Store): Promise<DatabaseUnreachableError | undefined> {
  try {
    await sql`SELECT 1`.execute(store.k)
    return undefined
  } catch (err) {
    const e = explainPostgresError(err, store.place)
    if (e instanceof DatabaseUnreachableError) return e
    throw e
  }
}

/** Batches waiting, or held by a worker (alive or not: a dead one's batch returns when its lease lapses). */
async function unfinishedJobs(boss: PgBoss): Promise<number> {
  return (await boss.getQueueSize(SCAN_BATCH_QUEUE, { before: 'completed' })) ?? 0
}

export async function runWorker(
  store: Store,
  boss: PgBoss,
  engines: BatchEngines,
  worker: WorkerIdentity,
  opts: WorkerOptions
): Promise<WorkerTotals> {
  const totals: WorkerTotals = { batches: 0, computed: 0, failed: 0 }
  const pollMs = (opts.pollSeconds ?? 2) * 1000
  let lost: DatabaseUnreachableError | undefined
  const saw = (now: DatabaseUnreachableError | undefined): void => {
    if (Boolean(now) !== Boolean(lost)) opts.onReachability?.(now)
    lost = now
  }
  // Batches the queue gave up on end their scans (told like a batch that failed here on its last try); a lost
  // server leaves them on the queue for the next look.
  const givenUp = async (): Promise<void> => {
    try {
      for (const g of await recordGivenUpBatches(store, boss)) opts.onFailure?.(g, g.reason, true)
    } catch (e) {
      if (!isUnreachable(e)) throw e
    }
  }
  while (!opts.signal.aborted) {
    await givenUp()
    const [job] = await boss.fetch<ScanBatchJob>(SCAN_BATCH_QUEUE, { batchSize: 1, includeMetadata: true })
    if (!job) {
      // pg-boss's fetch answers "nothing" when the server is gone as well: the server itself says which.
      const down = await unreachable(store)
      if (down && opts.once) throw down
      saw(down)
      if (down) {
        await sleep(pollMs, undefined, { signal: opts.signal }).catch(() => undefined)
        continue
      }
      // Counted before the given-up batches are taken: pg-boss gives a batch up and puts it on the dead-letter
      // queue in one statement, so a batch counted as finished here is on that queue now.
      const unfinished = opts.once ? await unfinishedJobs(boss) : 1
      await givenUp()
      if (unfinished === 0) break
      await sleep(pollMs, undefined, { signal: opts.signal }).catch(() => undefined)
      continue
    }
    try {
      const outcome = await runBatch(store, engines, job.data, worker)
      await boss.complete(SCAN_BATCH_QUEUE, job.id)
      if (outcome.worked) totals.batches++
      totals.computed += outcome.computed
      opts.onBatch?.(outcome)
    } catch (err) {
      const message = `batch ${job.data.batch} of scan ${job.data.scanId} failed on ${worker.machine}: ${(err as Error).message}`
      const final = job.retryCount >= job.retryLimit
      try {
        await failBatch(store.k, job.data.scanId, job.data.batch, message, final)
        await boss.fail(SCAN_BATCH_QUEUE, job.id, { message })
      } catch (e) {
        if (!isUnreachable(e)) throw e
        // Nothing of the batch was stored (one transaction); it stays held until its lease lapses, then it is
        // taken again, here or by another worker.
        saw(explainPostgresError(e, store.place) as DatabaseUnreachableError)
        continue
      }
      totals.failed++
      opts.onFailure?.(job.data, message, final)
    }
  }
  return totals
}
