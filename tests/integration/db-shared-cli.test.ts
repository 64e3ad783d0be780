import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import { runCli } from '../helpers/cli'
import { freshPostgresDatabase } from '../helpers/engines'
import { useTmpDirs } from '../helpers/tmp'

describe('db backup, check and restore on a shared database', () => {
  const tmp = useTmpDirs()

  it('backs the shared database up to a file, checks it, and restores the file into an empty database', async () => {
    const source = await freshPostgresDatabase()
    const target = await freshPostgresDatabase()
    const store = postgresStore(source.url)
    try {
      await store.k
        .insertInto('review_log')
        .values({ sha256: 'a'.repeat(64), new_label: 'ALL', reviewer: 'ana', created_at: 't' })
        .execute()
      const dir = tmp()
      const file = join(dir, 'lab.db')
      const base = ['--data-dir', dir]

      const check = await runCli(...base, '--database', source.url, 'db', 'check')
      expect(check.err).toBe('')
      expect(check.out).toMatch(/intact/)
      // The password never shows.
      expect(check.out).not.toContain(new URL(source.url).password)

      const backup = await runCli(...base, '--database', source.url, 'db', 'backup', file)
      expect(backup.code).toBe(0)
      expect(existsSync(file)).toBe(true)
      const copy = openDatabase(file, { readonly: true })
      expect(copy.prepare('SELECT reviewer FROM review_log').pluck().all()).toEqual(['ana'])
      copy.close()

      const refused = await runCli(...base, '--database', source.url, 'db', 'restore', file)
      expect(refused.code).not.toBe(0)
      expect(refused.err).toMatch(/already holds data/)

      const restored = await runCli(...base, '--database', target.url, 'db', 'restore', file)
      expect(restored.err).toBe('')
      expect(restored.out).toMatch(/Restored/)
      const other = postgresStore(target.url)
      try {
        const r = await sql<{ reviewer: string }>`SELECT reviewer FROM review_log`.execute(other.k)
        expect(r.rows).toEqual([{ reviewer: 'ana' }])
      } finally {
        await other.close()
      }

      await sql`DROP TRIGGER review_log_no_update ON review_log`.execute(store.k)
      const damaged = await runCli(...base, '--database', source.url, 'db', 'check')
      expect(damaged.code).not.toBe(0)
      expect(damaged.out + damaged.err).toMatch(/review_log_no_update/)
    } finally {
      await store.close()
      await source.drop()
      await target.drop()
    }
  })
})
