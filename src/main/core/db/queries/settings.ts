import type { Queries } from '../store'

/** The key-value `settings` table (migration 004). */

/** One stored value; undefined when never set. */
export async function getSetting(q: Queries, key: string): Promise<string | undefined> {
  const row = await q.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value
}

export async function setSetting(q: Queries, key: string, value: string): Promise<void> {
  await q
    .insertInto('settings')
    .values({ key, value, updated_at: new Date().toISOString() })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        updated_at: eb.ref('excluded.updated_at')
      }))
    )
    .execute()
}

/** Forgets a stored value: the setting falls back to its default. */
export async function deleteSetting(q: Queries, key: string): Promise<void> {
  await q.deleteFrom('settings').where('key', '=', key).execute()
}
