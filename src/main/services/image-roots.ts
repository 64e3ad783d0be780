import { join } from 'node:path'
import type { ServiceContext } from './context'
import { PathGuard } from './path-guard'

/**
 * The folders whose images the window may show: every imported dataset's root, every scanned folder, and the
 * data folder's explanations output. Read on each check so a folder imported a second ago is already allowed.
 */
export function createImageGuard(ctx: ServiceContext): PathGuard {
  const folders = ctx.db.prepare('SELECT root AS folder FROM datasets UNION SELECT folder FROM scans')
  return new PathGuard(() => [...(folders.all() as { folder: string }[]).map((r) => r.folder), explainDir(ctx)])
}

/** Where Grad-CAM overlays are written for display. */
export function explainDir(ctx: ServiceContext): string {
  return join(ctx.dirs.tmp, 'explain')
}
