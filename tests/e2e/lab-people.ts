import { openPostgresStore } from '../../src/main/core/db/postgres/store'
import { addUser, createFirstAdmin } from '../../src/main/core/people/users'

type Person = { name: string; password: string }

/**
 * The lab's people, as `server start --admin` and an admin's `users add` make them: the first admin, a reviewer,
 * the technician the scanning machines and workers run as, and the researcher who brings the model.
 */
export async function addLabPeople(
  url: string,
  people: { admin: Person; reviewer: Person; technician: Person; researcher: Person }
): Promise<void> {
  const store = await openPostgresStore(url)
  try {
    await createFirstAdmin(store, people.admin.name, people.admin.password)
    await addUser(store, { ...people.reviewer, role: 'reviewer' })
    await addUser(store, { ...people.technician, role: 'technician' })
    await addUser(store, { ...people.researcher, role: 'researcher' })
  } finally {
    await store.close()
  }
}
