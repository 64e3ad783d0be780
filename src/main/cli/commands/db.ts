import type { Command } from 'commander'
import { resolve } from 'node:path'
import type { RegisterCommand } from './register'

export const registerDb: RegisterCommand = (program, context) => {
  const db = program
    .command('db')
    .description('The database: consistent backups, integrity checks, removal of stored files nothing uses')
  db.command('backup')
    .description(
      'Copy the database (consistent even while a scan writes); default: backups/ in the data folder'
    )
    .argument('[file]', 'where to write the copy')
    .action(async (file: string | undefined, _flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const { backupNow } = await import('../../services/backup')
      const r = await backupNow(ctx.ctx, file === undefined ? undefined : resolve(file))
      const size = `${(r.bytes / 1024 / 1024).toFixed(1)} MB`
      ctx.print(r, () =>
        r.sourceProblems
          ? `Copied to ${r.file} (${size}), but ${ctx.dirs.db} is DAMAGED (${r.sourceProblems[0]}) and so is this copy: ` +
            'keep it as evidence and restore an older backup (README, "Backups").'
          : `Backed up to ${r.file} (${size}). To restore: see the README, "Backups".`
      )
    })
  db.command('check')
    .description(
      "Check the database's integrity (SQLite integrity_check and foreign keys); exit 1 when damaged"
    )
    .action(async (_flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const { checkIntegrity } = await import('../../services/backup')
      const r = await checkIntegrity(ctx.ctx)
      const place = ctx.ctx.store.engine === 'postgres' ? ctx.ctx.store.place : ctx.dirs.db
      const missing = r.missingTriggers ?? []
      ctx.print({ ...r, file: place }, () =>
        [
          r.ok ? `${place}: intact` : `${place}: DAMAGED`,
          ...r.problems.slice(0, 20).map((p) => `  ${p}`),
          ...missing.map((t) => `  trigger ${t} is missing (dropped)`)
        ].join('\n')
      )
      if (!r.ok)
        throw new Error(`${place} is damaged: stop using it and restore a backup (README, "Backups")`)
      if (missing.length)
        throw new Error(
          `${place} lacks ${missing.length} trigger(s) of its schema (${missing.join(', ')}): the review log is no longer guarded against edits and deletions; check \`leukolens review verify\` and restore a backup`
        )
    })
  db.command('gc')
    .description(
      'Remove stored files nothing uses any more (of deleted models and backbones, thumbnails of removed scans); safe while other workstations work'
    )
    .action(async (_flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const { removeUnusedBlobsNow } = await import('../../services/backup')
      const r = await removeUnusedBlobsNow(ctx.ctx)
      const place = ctx.ctx.store.engine === 'postgres' ? ctx.ctx.store.place : ctx.dirs.db
      ctx.print(
        { ...r, database: place },
        () => `${place}: removed ${r.blobs} unused stored file(s), ${(r.bytes / 1024 / 1024).toFixed(1)} MB`
      )
    })
  db.command('restore')
    .description(
      'Load a backup file into the shared database chosen with --database (which must be empty); a workstation restores its own file by copying it (README, "Backups")'
    )
    .argument('<file>', 'a backup file (`db backup` of a shared or a workstation database)')
    .action(async (file: string, _flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const { restoreSharedDatabase } = await import('../../services/backup')
      const rows = await restoreSharedDatabase(ctx.ctx, resolve(file))
      const total = Object.values(rows).reduce((a, b) => a + b, 0)
      ctx.print(
        { file: resolve(file), rows },
        () => `Restored ${total} rows from ${resolve(file)} into ${ctx.ctx.store.place}.`
      )
    })
}
