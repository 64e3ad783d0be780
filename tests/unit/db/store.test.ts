import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { lockFor, write } from '../../../src/main/core/db/store'
import { postgresStore } from '../../../src/main/core/db/postgres/store'
import { ENGINES, useStores } from '../../helpers/engines'
import { freshPostgresDatabase as freshDatabase } from '../../support/postgres'

const scan = {
  folder: '/f',
  recursive: 0,
  model_id: 'm',
  tta: 0,
  flag_threshold: 0.5,
  status: 'running',
  started_at: 't'
}

describe.each(ENGINES)('the store on %s', (engine) => {
  const open = useStores(engine)

  it('writes in one transaction: a failure inside leaves nothing behind', async () => {
    const store = await open()
    await expect(
      write(store, async (trx) => {
        await trx.insertInto('scans').values(scan).execute()
        await lockFor(store, trx, 'scans')
        throw new Error('stop here')
      })
    ).rejects.toThrow('stop here')
    const id = await write(
      store,
      async (trx) => (await trx.insertInto('scans').values(scan).returning('id').executeTakeFirstOrThrow()).id
    )
    const rows = await store.k.selectFrom('scans').select(['id', 'folder']).execute()
    expect(rows).toEqual([{ id, folder: '/f' }])
  })

  it('counts come back as numbers on both engines', async () => {
    const store = await open()
    await store.k.insertInto('scans').values([scan, scan]).execute()
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM scans`.execute(store.k)
    expect(r.rows[0].n).toBe(2)
  })

  it('the review log refuses change and removal', async () => {
    const store = await open()
    const entry = { sha256: 'a'.repeat(64), new_label: 'ALL', reviewer: 'ana', created_at: 't' }
    await store.k.insertInto('review_log').values(entry).execute()
    await expect(store.k.updateTable('review_log').set({ new_label: 'HEM' }).execute()).rejects.toThrow(
      /append-only/
    )
    await expect(store.k.deleteFrom('review_log').execute()).rejects.toThrow(/append-only/)
  })
})

describe('a PostgreSQL store opened by many queries at once', () => {
  it('migrates once while every connection of its pool opens, even a pool of one', async () => {
    for (const poolSize of [1, 4]) {
      const database = await freshDatabase()
      const store = postgresStore(database.url, { poolSize })
      try {
        const counts = await Promise.all(
          Array.from({ length: 6 }, () =>
            sql<{ n: number }>`SELECT count(*) AS n FROM scans`.execute(store.k)
          )
        )
        expect(counts.map((r) => r.rows[0].n)).toEqual([0, 0, 0, 0, 0, 0])
      } finally {
        await store.close()
        await database.drop()
      }
    }
  })
})
