import { join } from 'node:path'
import type { ServiceContext } from './context'
import { PathGuard } from './path-guard'
import { QUICK_PREFIX } from './scans'

/**
 * The folders whose images the window may show: every imported dataset's root, every scanned folder, and the
 * data folder's explanations output. Read on each check so a folder imported a second ago is already allowed.
 */
export function createImageGuard(ctx: ServiceContext): PathGuard {
  const folders = ctx.db.prepare('SELECT root AS folder FROM datasets UNION SELECT folder FROM scans')
  const guard = new PathGuard(() => [...(folders.all() as { folder: string }[]).map((r) => r.folder), explainDir(ctx)])
  // Files checked one by one (quick checks) stay viewable after a restart, and only those files.
  const quick = ctx.db.prepare(`SELECT i.path FROM scan_items i JOIN scans s ON s.id = i.scan_id WHERE s.folder LIKE '${QUICK_PREFIX}%'`)
  for (const r of quick.all() as { path: string }[]) guard.allowFile(r.path)
  return guard
}

/** Where Grad-CAM overlays are written for display. */
export function explainDir(ctx: ServiceContext): string {
  return join(ctx.dirs.tmp, 'explain')
}
