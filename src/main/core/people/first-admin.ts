/**
 * `server start --admin NAME`: the lab's first admin, made in the new server's database once it accepts
 * connections. The password is read before the server starts (a missing one is refused before anything is made);
 * this step only writes it.
 */
import { openPostgresStore } from '../db/postgres/store'
import type { PostgresUrl } from '../server/url'
import { createFirstAdmin, type User } from './users'

/** What `startLabServer` runs after the start (its `afterStart`): opens the database, adds the admin, closes. */
export function firstAdminAfterStart(
  name: string,
  password: string,
  made: (admin: User) => void = () => undefined
): (url: PostgresUrl) => Promise<void> {
  return async (url) => {
    const store = await openPostgresStore(url.href, { poolSize: 2 })
    try {
      made(await createFirstAdmin(store, name, password))
    } finally {
      await store.close()
    }
  }
}
