import { join } from 'node:path'
import type { ServiceContext } from './context'
import { PathGuard } from './path-guard'
import { listDatasets } from '../core/db/queries/datasets'
import { quickCheckedFiles, scannedFolders } from '../core/db/queries/scans'
import { cellCropsRoot } from '../core/paths'

/**
 * The folders whose images the window may show: every imported dataset's root, every scanned folder, and the
 * data folder's own outputs (Grad-CAM explanations, the cell crops of whole-field scans). Read on each check so a
 * folder imported or scanned a second ago is already allowed.
 */
export async function createImageGuard(ctx: ServiceContext): Promise<PathGuard> {
  return new PathGuard(
    async () => [
      ...(await listDatasets(ctx.store.k)).map((d) => d.root),
      ...(await scannedFolders(ctx.store.k)),
      explainDir(ctx),
      cellCropsRoot(ctx.dirs)
    ],
    // Files checked one by one (quick checks) stay viewable after a restart, and only those files.
    () => quickCheckedFiles(ctx.store.k)
  )
}

/** Where Grad-CAM overlays are written for display. */
export function explainDir(ctx: ServiceContext): string {
  return join(ctx.dirs.tmp, 'explain')
}
