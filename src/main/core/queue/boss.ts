import PgBoss from 'pg-boss'
import { CompiledQuery } from 'kysely'
import type { Queries, Store } from '../db/store'
import { DEFAULT_TIMING, type QueueTiming } from './timing'

/**
 * The job queue of a lab's shared PostgreSQL database: pg-boss, in a schema of its own (`pgboss`) beside
 * Leukolens's tables. A queued scan is one job per batch; a worker holds a job for a lease (`expireInSeconds`);
 * when the lease runs out — the worker was killed, or its machine went away — pg-boss's maintenance, which every
 * worker runs, puts the job back and another worker takes it (`retryLimit` times at most).
 */

export const SCAN_BATCH_QUEUE = 'leukolens-scan-batch'

/**
 * pg-boss's dead-letter queue of the batches: when a batch job fails for good — its worker's last try threw, or its
 * lease lapsed once more than `retryLimit` allows (a worker that crashes on it each time) — pg-boss puts a copy of
 * it here, in the same statement, and any worker records the batch (and its scan) as failed (given-up.ts).
 */
export const GIVEN_UP_QUEUE = 'leukolens-scan-batch-given-up'

/** What a batch job carries: the rest (its files, its scan's model) is in the database. */
export interface ScanBatchJob {
  scanId: number
  batch: number
}

/** pg-boss's statements run through the store's connections (or one transaction of it): no second pool. */
function throughKysely(q: Queries): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const r = await q.executeQuery(CompiledQuery.raw(text, values))
      return { rows: r.rows as unknown[] }
    }
  }
}

/**
 * The queue of the shared database `store` (PostgreSQL); its schema is created or brought up to date on the first
 * start. `maintain`: run pg-boss's maintenance here (workers do, so a lapsed lease is noticed within a quarter
 * of it).
 */
export async function startQueue(
  store: Store,
  opts: { maintain: boolean; timing?: QueueTiming; onError?: (err: Error) => void }
): Promise<PgBoss> {
  if (store.engine !== 'postgres')
    throw new Error('the job queue lives in a shared PostgreSQL database, not in a SQLite file')
  const timing = opts.timing ?? DEFAULT_TIMING
  const boss = new PgBoss({
    db: throughKysely(store.k),
    schema: 'pgboss',
    schedule: false,
    supervise: opts.maintain,
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(timing.leaseSeconds / 4)))
  })
  // An error of the queue's background work (a lost connection) must not end the process: the next call reports it.
  boss.on('error', (err) => opts.onError?.(err))
  await boss.start()
  // The dead-letter queue first: the batch queue names it.
  await boss.createQueue(GIVEN_UP_QUEUE, { name: GIVEN_UP_QUEUE, retryLimit: timing.retryLimit })
  await boss.createQueue(SCAN_BATCH_QUEUE, {
    name: SCAN_BATCH_QUEUE,
    retryLimit: timing.retryLimit,
    expireInSeconds: timing.leaseSeconds,
    deadLetter: GIVEN_UP_QUEUE
  })
  return boss
}

/**
 * Sends the batch jobs inside the caller's transaction (`trx`, on the same database): the scan's rows and its jobs
 * are committed together, or neither is.
 */
export async function sendBatchJobs(
  boss: PgBoss,
  trx: Queries,
  jobs: readonly ScanBatchJob[],
  timing: QueueTiming
): Promise<void> {
  const db = throughKysely(trx)
  for (let i = 0; i < jobs.length; i += 500)
    await boss.insert(
      jobs.slice(i, i + 500).map((data) => ({
        name: SCAN_BATCH_QUEUE,
        data,
        expireInSeconds: timing.leaseSeconds,
        retryLimit: timing.retryLimit,
        retryDelay: 0,
        // Named on each job as well: a batch queue made before it had a dead-letter queue keeps its options.
        deadLetter: GIVEN_UP_QUEUE
      })),
      { db }
    )
}
