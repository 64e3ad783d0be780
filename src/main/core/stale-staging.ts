import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Staging older than this cannot belong to an operation still running (imports and exports take minutes). */
export const STALE_STAGING_MS = 24 * 3600 * 1000

/**
 * Removes what killed or crashed operations left in the data folder's `tmp/` (half-copied backbones, model
 * folders before their rename, scratch checks). Entries younger than `olderThanMs` may belong to an operation of
 * another process running now and are left; `keep` names folders that are not staging (Grad-CAM outputs).
 * Returns the names removed.
 */
export function removeStaleStaging(
  tmp: string,
  opts: { olderThanMs?: number; keep?: readonly string[]; now?: number } = {}
): string[] {
  const limit = (opts.now ?? Date.now()) - (opts.olderThanMs ?? STALE_STAGING_MS)
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
      if (statSync(path).mtimeMs >= limit) continue
      rmSync(path, { recursive: true, force: true })
      removed.push(name)
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed
}
