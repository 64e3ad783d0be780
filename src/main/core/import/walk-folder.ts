import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs'
import { join } from 'node:path'

/**
 * A folder, link or special file (FIFO, device) left out of a walk, and why: the run goes on and the summary
 * names it.
 */
export interface SkippedFolder {
  path: string
  reason: string
}

export interface WalkOptions {
  /** Descend into subfolders (a scan without `--recursive` looks at the top folder only). */
  recursive: boolean
  /** The directory reader: fs's by default; tests pass one that fails, as root can read a chmod 000 folder. */
  readDir?: (dir: string) => Dirent[]
}

/** What a link leads to, or why it leads nowhere usable (a broken link, a loop of links). */
function linkTarget(p: string): Stats | string {
  try {
    return statSync(p, { throwIfNoEntry: false }) ?? 'broken link'
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code === 'ELOOP' ? 'symlink loop (the link leads back to itself)' : `cannot follow link (${code})`
  }
}

/**
 * Why an entry that is neither a file nor a folder is left out: opening a FIFO blocks until a writer comes (for
 * ever), and a device may be endless.
 */
export function notRegular(e: Dirent | Stats): string {
  const kind = e.isFIFO()
    ? 'a FIFO'
    : e.isSocket()
      ? 'a socket'
      : e.isCharacterDevice() || e.isBlockDevice()
        ? 'a device'
        : 'not a file'
  return `not a regular file (${kind})`
}

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * Every regular file (or link to one) under `root`, absolute paths in name order; hidden entries are left out.
 * A subfolder that cannot be read, a broken link, a link that leads back to itself, a linked folder that leads
 * back into its own ancestors (a loop) and anything that is not a regular file (a FIFO, a device) are skipped and
 * named, so one bad subfolder neither aborts the walk nor disappears without a word. The
 * root itself must be readable: its failure is thrown.
 */
export function walkFolder(root: string, opts: WalkOptions): { files: string[]; skipped: SkippedFolder[] } {
  const readDir = opts.readDir ?? ((dir: string) => readdirSync(dir, { withFileTypes: true }))
  const files: string[] = []
  const skipped: SkippedFolder[] = []
  const walk = (dir: string, ancestors: ReadonlySet<string>): void => {
    let entries: Dirent[]
    try {
      entries = readDir(dir).sort(byName)
    } catch (err) {
      if (dir === root) throw err
      skipped.push({
        path: dir,
        reason: `cannot read folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`
      })
      return
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue
      const p = join(dir, e.name)
      let isDir = e.isDirectory()
      if (e.isSymbolicLink()) {
        const target = linkTarget(p)
        if (typeof target === 'string') {
          skipped.push({ path: p, reason: target })
          continue
        }
        isDir = target.isDirectory()
        if (!isDir && target.isFile()) files.push(p)
        else if (!isDir) skipped.push({ path: p, reason: notRegular(target) })
      } else if (e.isFile()) files.push(p)
      else if (!isDir) skipped.push({ path: p, reason: notRegular(e) })
      if (!isDir || !opts.recursive) continue
      let real: string
      try {
        real = realpathSync(p)
      } catch (err) {
        skipped.push({
          path: p,
          reason: `cannot resolve folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`
        })
        continue
      }
      if (ancestors.has(real)) {
        skipped.push({ path: p, reason: `symlink loop (leads back to ${real})` })
        continue
      }
      walk(p, new Set(ancestors).add(real))
    }
  }
  walk(root, new Set([realpathSync(root)]))
  return { files, skipped }
}
