import { realpathSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** A backup that would damage the database or could not be made; one sentence naming the file and why. */
export class BackupError extends Error {
  override name = 'BackupError'
}

/** The files SQLite keeps for a database: writing a copy over any of them damages the live database. */
const companions = (live: string): string[] => ['', '-wal', '-shm', '-journal'].map((s) => live + s)

/** The real path of `p`, also for a file not yet there (its folder's real path and its name). */
function realPath(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    try {
      return join(realpathSync(dirname(p)), basename(p))
    } catch {
      return p
    }
  }
}

const inode = (p: string): string | undefined => {
  const st = statSync(p, { throwIfNoEntry: false })
  return st && `${st.dev}:${st.ino}`
}

/**
 * Refuses a backup target that is the live database or one of its -wal/-shm/-journal files, however it is named:
 * compared by real path (a link, `..`, a file not yet there in a linked folder) and by device and inode (a hard
 * link). Renaming a copy over the live file while a scan writes leaves the scan writing into a file that is gone,
 * and its WAL beside a file it does not belong to.
 */
export function refuseLiveTarget(live: string, target: string): void {
  const targetReal = realPath(target)
  const targetInode = inode(target)
  for (const c of companions(live)) {
    if (realPath(c) === targetReal || (targetInode !== undefined && inode(c) === targetInode))
      throw new BackupError(
        `${target} is ${c === live ? 'the live database itself' : `the live database's ${c.slice(live.length)} file`} (${c}): ` +
          'a backup written there would destroy what it copies; name a file elsewhere (default: backups/ in the data folder)'
      )
  }
}
