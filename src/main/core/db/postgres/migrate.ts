import type { Pool, PoolClient } from 'pg'
import type { Migration } from '../migration'
import { MIGRATIONS } from '../migrations'
import { POSTGRES_BASELINE, POSTGRES_BASELINE_VERSION } from './baseline'

/** Any fixed number: every process migrating one database takes this advisory lock first. */
const MIGRATION_LOCK = 7_166_401

export class NewerSharedDatabaseError extends Error {
  constructor(found: number, known: number) {
    super(
      `The shared database was written by a newer version of Leukolens (schema ${found}; this version knows up to ` +
        `${known}). Update Leukolens on this workstation; the database was left untouched.`
    )
    this.name = 'NewerSharedDatabaseError'
  }
}

/**
 * Brings a PostgreSQL database to the current schema in one transaction, under an advisory lock so that two
 * workstations starting at once migrate it once. An empty database takes the baseline (schema 12) and then every
 * later step's `postgres` text. Returns the version reached.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly Migration[] = MIGRATIONS
): Promise<number> {
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
    let current = await currentVersion(client)
    if (current > latest) throw new NewerSharedDatabaseError(current, latest)
    if (current < POSTGRES_BASELINE_VERSION) {
      await client.query(POSTGRES_BASELINE)
      current = POSTGRES_BASELINE_VERSION
    }
    for (const m of migrations.filter((m) => m.version > current)) {
      if (!m.postgres) throw new Error(`Migration ${m.version} (${m.name}) has no PostgreSQL step.`)
      await client.query(m.postgres)
      current = m.version
    }
    await client.query('DELETE FROM schema_version')
    await client.query('INSERT INTO schema_version (version) VALUES ($1)', [current])
    await client.query('COMMIT')
    return current
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

async function currentVersion(client: PoolClient): Promise<number> {
  const r = await client.query<{ version: number }>('SELECT version FROM schema_version')
  return r.rows[0]?.version ?? 0
}
