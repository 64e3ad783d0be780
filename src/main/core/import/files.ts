import { stat } from 'node:fs/promises'
import { relative, sep } from 'node:path'
import { walkFolder, type SkippedFolder, type WalkOptions } from './walk-folder'

/** A missing folder, an empty one, a mapping that does not fit: the user's to fix, said in one line. */
export class ImportError extends Error {
  override name = 'ImportError'
}

/**
 * Every regular file under `root` as a `/`-separated path relative to it; hidden files and folders are left out.
 * Unreadable subfolders, broken links and symlink loops come back in `skipped` (relative too), named with why.
 */
export async function listFiles(
  root: string,
  opts: { readDir?: WalkOptions['readDir'] } = {}
): Promise<{ files: string[]; skipped: SkippedFolder[] }> {
  let info
  try {
    info = await stat(root)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new ImportError(
      code === 'ENOENT' ? `folder not found: ${root}` : `cannot open folder ${root} (${code})`
    )
  }
  if (!info.isDirectory()) throw new ImportError(`not a folder: ${root}`)
  let walked
  try {
    walked = walkFolder(root, { recursive: true, readDir: opts.readDir })
  } catch (err) {
    throw new ImportError(
      `cannot open folder ${root} (${(err as NodeJS.ErrnoException).code ?? String(err)})`
    )
  }
  const rel = (p: string): string => relative(root, p).split(sep).join('/')
  return {
    files: walked.files.map(rel).sort(),
    skipped: walked.skipped.map((s) => ({ path: rel(s.path), reason: s.reason }))
  }
}

/** Runs `worker` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await worker(items[i], i)
    }
  })
  await Promise.all(lanes)
  return results
}
