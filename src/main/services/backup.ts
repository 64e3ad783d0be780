import { join } from 'node:path'
import {
  backupDatabase,
  checkDatabase,
  dailyBackup,
  type BackupResult,
  type CheckResult
} from '../core/db/backup'
import type { ServiceContext } from './context'

/** Scheduled copies are kept for a week (one a day). */
export const DAILY_BACKUPS_KEPT = 7

export const backupsDir = (ctx: ServiceContext): string => join(ctx.dirs.root, 'backups')

/** A copy of the database now, to `file` or to backups/leukolens-<time>.db in the data folder. */
export function backupNow(ctx: ServiceContext, file?: string): Promise<BackupResult> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  return backupDatabase(ctx.db, file ?? join(backupsDir(ctx), `leukolens-manual-${stamp}.db`))
}

/** The app's start: a copy when none was made today (see core/db/backup.ts). */
export function scheduledBackup(ctx: ServiceContext): Promise<BackupResult | undefined> {
  return dailyBackup(ctx.db, backupsDir(ctx), { keep: DAILY_BACKUPS_KEPT })
}

export function checkIntegrity(ctx: ServiceContext): CheckResult {
  return checkDatabase(ctx.db)
}
