import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Staging older than this cannot belong to an operation still running (imports and exports take minutes). */
export const STALE_STAGING_MS = 24 * 3600 * 1000

/**
 * Staging that names its process (`backbone-NAME-PID-TIME`) whose process is gone is removed once this old: an
 * hour, not at once, because a data folder on a shared drive may be written by the same pid on another machine.
 */
export const DEAD_PROCESS_STAGING_MS = 3600 * 1000

/** Whether the process that named a staging entry (`…-PID-TIME`) is no longer running here. */
function ownerGone(name: string): boolean {
  const m = /-(\d+)-(\d{13})$/.exec(name)
  if (!m) return false
  const pid = Number(m[1])
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * Removes what killed or crashed operations left in the data folder's `tmp/` (half-copied backbones, model
 * folders before their rename, scratch checks). Entries younger than `olderThanMs` may belong to an operation of
 * another process running now and are left (unless they name a process that is gone and are over an hour old);
 * `keep` names folders that are not staging (Grad-CAM outputs).
 * Returns the names removed.
 */
export function removeStaleStaging(
  tmp: string,
  opts: { olderThanMs?: number; keep?: readonly string[]; now?: number } = {}
): string[] {
  const now = opts.now ?? Date.now()
  const limit = now - (opts.olderThanMs ?? STALE_STAGING_MS)
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(tmp)
  } catch {
    return removed
  }
  for (const name of names) {
    if (opts.keep?.includes(name)) continue
    const path = join(tmp, name)
    try {
      const mtime = statSync(path).mtimeMs
      const abandoned = mtime < now - DEAD_PROCESS_STAGING_MS && ownerGone(name)
      if (mtime >= limit && !abandoned) continue
      rmSync(path, { recursive: true, force: true })
      removed.push(name)
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed
}
