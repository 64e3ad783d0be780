import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { otherProcessAlive } from './process-alive'

/** Staging older than this cannot belong to an operation still running (imports and exports take minutes). */
export const STALE_STAGING_MS = 24 * 3600 * 1000

/**
 * The process that made a staging entry, when its name says: `check-<pid>-…` (a model archive's scratch check) or
 * `<file>.<pid>.tmp` (files/staging.ts: a backup, an export before its rename).
 */
export function stagingOwner(name: string): number | undefined {
  const m = /^check-(\d+)-/.exec(name) ?? /\.(\d+)\.tmp$/.exec(name)
  return m ? Number(m[1]) : undefined
}

/**
 * Staging that names its process and time (`backbone-NAME-PID-TIME`) whose process is gone is removed once this
 * old: an hour, not at once, because a data folder on a shared drive may be written by the same pid on another
 * machine.
 */
export const DEAD_PROCESS_STAGING_MS = 3600 * 1000

/** Whether the process that named a staging entry (`…-PID-TIME`) is no longer running here. */
function ownerGone(name: string): boolean {
  const m = /-(\d+)-(\d{13})$/.exec(name)
  if (!m) return false
  const pid = Number(m[1])
  return pid !== process.pid && !otherProcessAlive(pid)
}

/**
 * Removes what killed or crashed operations left in the data folder's `tmp/` (half-copied backbones, model
 * folders before their rename, scratch checks) or in `backups/` (a killed backup's partial copy). An entry whose
 * name says which process made it goes as soon as that process is gone (one named `…-PID-TIME`, an hour after);
 * any other entry younger than `olderThanMs` may belong to an operation of another process running now and is
 * left; `keep` names folders that are not staging (Grad-CAM outputs). Returns the names removed.
 */
export function removeStaleStaging(
  tmp: string,
  opts: {
    olderThanMs?: number
    keep?: readonly string[]
    now?: number
    /** Only entries whose name says which process made them (`backups/` holds the copies themselves too). */
    ownedOnly?: boolean
  } = {}
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
      const owner = stagingOwner(name)
      if (owner !== undefined) {
        if (owner === process.pid || otherProcessAlive(owner)) continue
      } else {
        const mtime = statSync(path).mtimeMs
        const abandoned = mtime < now - DEAD_PROCESS_STAGING_MS && ownerGone(name)
        if (opts.ownedOnly || (mtime >= limit && !abandoned)) continue
      }
      rmSync(path, { recursive: true, force: true })
      removed.push(name)
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed
}
