import { sql } from 'kysely'
import { join } from 'node:path'
import { checkPostgres } from '../../src/main/core/db/postgres/check'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { restoreIntoPostgres, snapshotPostgres } from '../../src/main/core/db/postgres/snapshot'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import type { Store } from '../../src/main/core/db/store'
import { freshPostgresDatabase } from '../helpers/engines'
import { useTmpDirs } from '../helpers/tmp'

const sha = (c: string): string => c.repeat(64)

async function seed(store: Store): Promise<void> {
  await store.k
    .insertInto('backbones')
    .values({
      name: 'b',
      kind: 'tfjs-layers',
      dir: 'b',
      files: '[]',
      sha256: sha('b'),
      preprocessing: '{}',
      feature_dim: 2,
      params: 1,
      source: 's',
      created_at: 't'
    })
    .execute()
  await store.k
    .insertInto('features')
    .values({
      image_sha256: sha('a'),
      backbone_id: 1,
      preprocessing: 'p',
      flip: 0,
      dim: 2,
      vector: Buffer.from([0, 0, 128, 63, 0, 0, 0, 64]),
      created_at: 't'
    })
    .execute()
  await store.k
    .insertInto('models')
    .values({
      id: 'm-1',
      name: 'm',
      source: 'trained',
      backbone_id: 1,
      feature_dim: 2,
      classes: '["ALL","HEM"]',
      preprocessing: '{}',
      backend: 'wasm',
      dir: 'm-1',
      created_at: 't'
    })
    .execute()
  for (let i = 0; i < 5; i++)
    await store.k
      .insertInto('review_log')
      .values({ sha256: sha('a'), new_label: i % 2 ? 'ALL' : 'HEM', reviewer: 'ana', created_at: `t${i}` })
      .execute()
}

describe('a shared database backed up to a file and restored', () => {
  const tmp = useTmpDirs()

  it('copies every row of one moment, opens as a workstation database, and restores into an empty database', async () => {
    const source = await freshPostgresDatabase()
    const target = await freshPostgresDatabase()
    const store = postgresStore(source.url)
    try {
      await seed(store)
      const file = join(tmp(), 'lab.db')
      const r = await snapshotPostgres(source.url, file)
      expect(r.rows).toMatchObject({ backbones: 1, features: 1, models: 1, review_log: 5 })

      const local = openDatabase(file)
      const vector = local.prepare('SELECT vector FROM features').pluck().get() as Buffer
      expect([...new Float32Array(vector.buffer, vector.byteOffset, 2)]).toEqual([1, 2])
      expect(local.prepare('SELECT new_label FROM review_log ORDER BY id').pluck().all()).toEqual([
        'HEM',
        'ALL',
        'HEM',
        'ALL',
        'HEM'
      ])
      local.close()

      await expect(snapshotPostgres(source.url, file)).rejects.toThrow(/already exists/)
      await expect(restoreIntoPostgres(file, source.url)).rejects.toThrow(/already holds data/)

      expect(await restoreIntoPostgres(file, target.url)).toMatchObject({ review_log: 5, models: 1 })
      const restored = postgresStore(target.url)
      try {
        // Identities go on after the restored ids: the next review is number 6.
        const next = await restored.k
          .insertInto('review_log')
          .values({ sha256: sha('c'), new_label: 'ALL', reviewer: 'bo', created_at: 't9' })
          .returning('id')
          .executeTakeFirstOrThrow()
        expect(next.id).toBe(6)
      } finally {
        await restored.close()
      }
    } finally {
      await store.close()
      await source.drop()
      await target.drop()
    }
  })
})

describe('db check on a shared database', () => {
  it('names an append-only guard that was dropped', async () => {
    const database = await freshPostgresDatabase()
    const store = postgresStore(database.url)
    try {
      expect(await checkPostgres(store)).toEqual({ ok: true, problems: [] })
      await sql`DROP TRIGGER review_log_no_delete ON review_log`.execute(store.k)
      expect((await checkPostgres(store)).missingTriggers).toEqual(['review_log_no_delete'])
    } finally {
      await store.close()
      await database.drop()
    }
  })
})
