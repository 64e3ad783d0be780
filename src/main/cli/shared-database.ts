import type { Store } from '../core/db/store'
import { queueTiming, type QueueTiming } from '../core/queue/timing'
import type { CliContext } from './context'
import { UsageError } from './errors'

/**
 * What the queue commands (`scan --queue`, `scan --wait`, `worker`) need: the lab's shared database — the session's
 * store, chosen by `--database URL`, LEUKOLENS_DATABASE_URL or the databaseUrl setting — and the queue's lease
 * from LEUKOLENS_QUEUE_LEASE_SECONDS.
 */

/** The session's store when it is a shared PostgreSQL database; else one sentence saying how to name one. */
export function sharedStore(ctx: CliContext, what: string): Store {
  const store = ctx.ctx.store
  if (store.engine !== 'postgres')
    throw new UsageError(
      `${what} needs the lab's shared PostgreSQL database: give --database postgres://… (or set LEUKOLENS_DATABASE_URL, or the databaseUrl setting); workers on other machines cannot reach this workstation's SQLite file`
    )
  return store
}

/** The queue's timing from LEUKOLENS_QUEUE_LEASE_SECONDS (a bad value is a usage error naming it). */
export function timingFromEnv(): QueueTiming {
  try {
    return queueTiming(process.env.LEUKOLENS_QUEUE_LEASE_SECONDS)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}
