// The queue's timing in a module of its own: the command line reads it at start without loading pg-boss.

export interface QueueTiming {
  /** How long a worker may hold a batch before another may take it over. */
  leaseSeconds: number
  /** Times a batch is handed out again after a failure or a lapsed lease. */
  retryLimit: number
}

/**
 * Ten minutes: several times what a 50-image batch takes on a slow machine with DenseNet121, so a live worker
 * keeps its batch, and a dead one's batch waits at most that long (LEUKOLENS_QUEUE_LEASE_SECONDS shortens it).
 */
export const DEFAULT_TIMING: QueueTiming = { leaseSeconds: 600, retryLimit: 5 }

/** The timing in force: the default, or the lease given (LEUKOLENS_QUEUE_LEASE_SECONDS; whole seconds, ≥ 2). */
export function queueTiming(raw: string | undefined): QueueTiming {
  if (raw === undefined || raw === '') return DEFAULT_TIMING
  const s = Number(raw)
  if (!Number.isInteger(s) || s < 2 || s > 86_399)
    throw new RangeError(
      `LEUKOLENS_QUEUE_LEASE_SECONDS must be a whole number of seconds from 2 to 86399, not ${raw}`
    )
  return { ...DEFAULT_TIMING, leaseSeconds: s }
}
