import { sql } from 'kysely'
import type { Store } from '../store'
import { MIGRATIONS } from '../migrations'
import type { CheckResult } from '../backup'

/** The append-only guards of the shared schema: `db check` names any that were dropped. */
export const GUARD_TRIGGERS = [
  'qc_acks_no_delete',
  'qc_acks_no_truncate',
  'qc_acks_no_update',
  'qc_runs_no_delete',
  'qc_runs_no_truncate',
  'qc_runs_no_update',
  'review_log_no_delete',
  'review_log_no_truncate',
  'review_log_no_update',
  'sample_results_no_delete',
  'sample_results_no_truncate',
  'sample_results_no_update',
  'signatures_no_delete',
  'signatures_no_truncate',
  'signatures_no_update',
  'users_no_delete'
]

/**
 * `db check` on a shared database. PostgreSQL checks its own pages and references as it writes, so what is left to
 * check is that the schema is the one this build knows and that nobody dropped the append-only guards.
 */
export async function checkPostgres(store: Store): Promise<CheckResult> {
  const problems: string[] = []
  const known = MIGRATIONS[MIGRATIONS.length - 1].version
  const version = (await sql<{ version: number }>`SELECT version FROM schema_version`.execute(store.k))
    .rows[0]?.version
  if (version !== known) problems.push(`schema version ${version ?? 'missing'}, this build expects ${known}`)
  const present = new Set(
    (
      await sql<{ name: string }>`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal`.execute(
        store.k
      )
    ).rows.map((r) => r.name)
  )
  const missingTriggers = GUARD_TRIGGERS.filter((t) => !present.has(t))
  return { ok: problems.length === 0, problems, ...(missingTriggers.length ? { missingTriggers } : {}) }
}
