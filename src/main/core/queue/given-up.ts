import type PgBoss from 'pg-boss'
import { batchOf, failBatch } from '../db/queries/scan-batches'
import { write, type Store } from '../db/store'
import type { ComputeJob } from '../scan/plan'
import { GIVEN_UP_QUEUE, type ScanBatchJob } from './boss'

/**
 * Batches pg-boss gave up on, recorded: each becomes a failed batch with its reason and its scan a failed scan, so
 * a scan whose batch dies on every try ends (`scan --wait` reports it) instead of running forever. A batch whose
 * last try threw in a worker was recorded then, with that error; one whose workers all stopped before finishing it
 * (a crash, a machine gone: the lease lapsed each time) is recorded here, named by its first file.
 */

export interface GivenUpBatch extends ScanBatchJob {
  /** The batch's recorded reason (one sentence). */
  reason: string
}

/** Why a batch whose every try ended without a word from its worker was given up. */
function lapsedReason(
  job: ScanBatchJob,
  row: { paths: string; images: number; attempts: number; machine: string | null; pid: number | null }
): string {
  const first = (JSON.parse(row.paths) as ComputeJob[])[0]?.path
  const files = `${row.images} image(s)${first ? ` from ${first}` : ''}`
  const last = row.machine ? ` (last on ${row.machine}${row.pid === null ? '' : `:${row.pid}`})` : ''
  return `batch ${job.batch} of scan ${job.scanId} (${files}) was given up after ${row.attempts} tries: its worker${last} stopped each time before finishing it and its lease lapsed`
}

/** Records the batches the queue gave up on since the last call (any worker may; each is told once). */
export async function recordGivenUpBatches(store: Store, boss: PgBoss): Promise<GivenUpBatch[]> {
  const out: GivenUpBatch[] = []
  for (;;) {
    const jobs = await boss.fetch<ScanBatchJob>(GIVEN_UP_QUEUE, { batchSize: 20 })
    if (!jobs.length) return out
    for (const job of jobs) {
      const given = await write(store, async (trx) => {
        const row = await batchOf(trx, job.data.scanId, job.data.batch)
        // Done after all (a lapsed lease whose worker finished it), or its scan removed: nothing to record.
        if (!row || row.state === 'done') return undefined
        // Its worker recorded the last try's error (and told it): the scan is marked failed with it, if not yet.
        const told = row.state === 'failed' && row.error !== null
        const reason = told ? row.error! : lapsedReason(job.data, row)
        await failBatch(trx, job.data.scanId, job.data.batch, reason, true)
        return told ? undefined : { ...job.data, reason }
      })
      if (given) out.push(given)
    }
    await boss.complete(
      GIVEN_UP_QUEUE,
      jobs.map((j) => j.id)
    )
  }
}
