/**
 * SQLite failures told in words a user can act on. better-sqlite3 throws `SqliteError` with a `code` such as
 * `SQLITE_FULL` or `SQLITE_BUSY`; its message alone ("database or disk is full") names neither the file nor what
 * to do. Every job's error path (scan, import, train) and the database opener pass errors through here.
 */

export type DbProblem = 'full' | 'locked' | 'readonly' | 'corrupt' | 'cantopen'

/** The kind of storage problem an error is, from its SQLite code (extended codes included), else undefined. */
export function dbProblem(err: unknown): DbProblem | undefined {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return undefined
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') return 'full'
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked'
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return 'readonly'
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'corrupt'
  if (code.startsWith('SQLITE_CANTOPEN')) return 'cantopen'
  return undefined
}

/** A storage failure of the database file (or its folder), with one sentence that names the file. */
export class DatabaseStorageError extends Error {
  override name = 'DatabaseStorageError'
  constructor(
    readonly problem: DbProblem,
    readonly file: string,
    cause: unknown
  ) {
    super(describeProblem(problem, file, cause), { cause })
  }
}

function describeProblem(problem: DbProblem, file: string, cause: unknown): string {
  const raw = (cause as Error)?.message ?? String(cause)
  switch (problem) {
    case 'full':
      return `the disk holding ${file} is full (${raw}); free some space and run the command again`
    case 'locked':
      return `${file} is locked by another process (${raw}); wait for it to finish, or stop it, and run the command again`
    case 'readonly':
      return `${file} cannot be written: its folder or the file is read-only (${raw}); choose a writable data folder (--data-dir)`
    case 'corrupt':
      return `${file} is damaged (${raw}); Leukolens stops writing to it. Restore a backup (see \`leukolens db check\` and the README's "Backups")`
    case 'cantopen':
      return `${file} cannot be opened (${raw}); check that its folder exists and is readable and writable`
  }
}

/**
 * `err` as a DatabaseStorageError naming `file` when it is a storage failure; otherwise `err` unchanged. SQLite
 * says only "unable to open database file" when the folder cannot take the file (or its -wal/-shm companions):
 * `folderWritable: false` (the opener checks the folder) turns that into the read-only case.
 */
export function explainDbError(err: unknown, file: string, opts: { folderWritable?: boolean } = {}): unknown {
  if (err instanceof DatabaseStorageError) return err
  let problem = dbProblem(err)
  if (problem === 'cantopen' && opts.folderWritable === false) problem = 'readonly'
  return problem ? new DatabaseStorageError(problem, file, err) : err
}
