import { join } from 'node:path'
import {
  backupDatabase,
  checkDatabase,
  dailyBackup,
  type BackupResult,
  type CheckResult
} from '../core/db/backup'
import { clearDamage, damageScope, recordedDamage, stopWrites } from '../core/db/damage'
import { checkPostgres } from '../core/db/postgres/check'
import { restoreIntoPostgres, snapshotPostgres } from '../core/db/postgres/snapshot'
import { removeUnusedBlobs } from '../core/blobs/collect'
import { resolveDatabase } from './config'
import { requireRole } from './people'
import type { ServiceContext } from './context'

/** Scheduled copies are kept for a week (one a day). */
export const DAILY_BACKUPS_KEPT = 7

export const backupsDir = (ctx: ServiceContext): string => damageScope(ctx.dirs).backups

/**
 * A copy of the database now, to `file` or to backups/leukolens-<time>.db in the data folder. A source that
 * `quick_check` finds damaged is still copied (it may be all there is), named in the result, and stops writes as
 * `db check` does.
 */
export async function backupNow(ctx: ServiceContext, file?: string): Promise<BackupResult> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const shared = resolveDatabase(ctx.edge, ctx.dirs.root).database
  // A shared database: one consistent snapshot of the server, as a SQLite file of the same schema.
  if (shared) {
    const r = await snapshotPostgres(
      shared.href,
      file ?? join(backupsDir(ctx), `leukolens-shared-${stamp}.db`)
    )
    return { file: r.file, bytes: r.bytes }
  }
  const r = await backupDatabase(ctx.db, file ?? join(backupsDir(ctx), `leukolens-manual-${stamp}.db`))
  if (r.sourceProblems) stopWrites(ctx.db, ctx.dirs.db, `quick_check: ${r.sourceProblems[0]}`)
  return r
}

/**
 * The app's start: a copy when none was made today (see core/db/backup.ts). None of a database found damaged: a
 * week of daily copies of it would push out the good ones a restore needs.
 */
export async function scheduledBackup(ctx: ServiceContext): Promise<BackupResult | undefined> {
  if (recordedDamage(ctx.dirs.db) !== undefined) return undefined
  return dailyBackup(ctx.db, backupsDir(ctx), { keep: DAILY_BACKUPS_KEPT })
}

/**
 * `db check`: a damaged file stops all writes (core/db/damage.ts); an intact one (a restored copy) allows them again.
 * A shared database checks its schema and guards (PostgreSQL checks pages and references itself).
 */
export async function checkIntegrity(ctx: ServiceContext): Promise<CheckResult> {
  if (ctx.store.engine === 'postgres') return checkPostgres(ctx.store)
  const r = checkDatabase(ctx.db)
  if (r.ok) clearDamage(ctx.db, ctx.dirs.db)
  else stopWrites(ctx.db, ctx.dirs.db, `integrity_check: ${r.problems[0]}`)
  return r
}

/** `db restore FILE`: a backup loaded into the (empty) shared database this session uses. */
export async function restoreSharedDatabase(
  ctx: ServiceContext,
  file: string
): Promise<Record<string, number>> {
  const shared = resolveDatabase(ctx.edge, ctx.dirs.root).database
  if (!shared)
    throw new Error(
      'db restore loads a backup into a shared database: choose one with --database URL; a workstation restores its own database by copying the backup over leukolens.db while the app is closed (README, "Backups").'
    )
  return restoreIntoPostgres(file, shared.href)
}

/**
 * Removes the stored blobs nothing names any more (core/blobs/collect.ts): safe while other workstations publish.
 * On a shared database only an admin may (as for settings); alone on a workstation anyone.
 */
export async function removeUnusedBlobsNow(ctx: ServiceContext): Promise<{ blobs: number; bytes: number }> {
  await requireRole(ctx, 'settings')
  return removeUnusedBlobs(ctx.store)
}
