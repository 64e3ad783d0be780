import { openPostgresStore, type Store } from '../core/db/store'
import { queueTiming, type QueueTiming } from '../core/queue/timing'
import { UsageError } from './errors'

/**
 * The lab's shared database as the queue commands (`scan --queue`, `scan --wait`, `worker`) name it: `--database
 * URL`, else LEUKOLENS_DATABASE_URL; and the queue's lease from LEUKOLENS_QUEUE_LEASE_SECONDS.
 */

/** The shared database's URL, from the flag or the environment; a queue needs PostgreSQL. */
export function databaseUrl(flag: string | undefined, what: string): string {
  const url = flag ?? process.env.LEUKOLENS_DATABASE_URL
  if (!url)
    throw new UsageError(
      `${what} needs the lab's shared PostgreSQL database: give --database postgres://… or set LEUKOLENS_DATABASE_URL (workers on other machines cannot reach this workstation's SQLite file)`
    )
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UsageError(`${what} needs a PostgreSQL database URL (postgres://…), not ${url}`)
  return url
}

/** The queue's timing from LEUKOLENS_QUEUE_LEASE_SECONDS (a bad value is a usage error naming it). */
export function timingFromEnv(): QueueTiming {
  try {
    return queueTiming(process.env.LEUKOLENS_QUEUE_LEASE_SECONDS)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

/** Opens the shared store for one command and closes it afterwards. */
export async function withSharedStore<T>(url: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openPostgresStore(url)
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}
