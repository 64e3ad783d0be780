import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

/** A missing folder, an empty one, a mapping that does not fit: the user's to fix, said in one line. */
export class ImportError extends Error {
  override name = 'ImportError'
}

/** Every regular file under `root` as a `/`-separated path relative to it; hidden files and folders are left out. */
export async function listFiles(root: string): Promise<string[]> {
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
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const e of entries) {
      if (e.name.startsWith('.')) continue
      const full = join(dir, e.name)
      // A linked file counts; a linked folder is not followed (it could loop back into the tree).
      const isFile =
        e.isFile() || (e.isSymbolicLink() && (await stat(full).catch(() => null))?.isFile() === true)
      if (e.isDirectory()) await walk(full)
      else if (isFile) out.push(relative(root, full).split(sep).join('/'))
    }
  }
  await walk(root)
  return out.sort()
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
