import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'

/** A request for a file outside the folders the user imported or scanned. */
export class PathNotAllowedError extends Error {
  override name = 'PathNotAllowedError'
}

/**
 * Decides which local files the window may see. Only files inside an allowed root (an imported dataset's folder,
 * a scanned folder, the data folder's own outputs) or explicitly allowed single files (a quick check's picks)
 * pass. The requested path is resolved (`..` collapsed) and then symlinks are followed on both sides, so neither
 * `../../etc/passwd`, an encoded `%2e%2e`, nor a symlink inside a dataset pointing outside it escapes.
 * Plain Node: the Electron image protocol and the test server both use it.
 */
export class PathGuard {
  private readonly files = new Set<string>()

  private allowedBefore?: Promise<void>

  /**
   * `roots` is asked on each check (a folder scanned a second ago is allowed already); it may read a database.
   * `earlierFiles`, single files allowed in earlier sessions, is read at the first check, not at creation: a
   * command that shows no image never reaches the database (which may be a server that cannot be reached).
   */
  constructor(
    private readonly roots: () => readonly string[] | Promise<readonly string[]>,
    private readonly earlierFiles: () => Promise<readonly string[]> = async () => []
  ) {}

  /** Lets one file be shown even though it lies in no allowed folder (files picked or dropped by the user). */
  allowFile(path: string): void {
    const real = safeRealpath(resolve(path))
    if (real) this.files.add(real)
  }

  /** The real path of `requested` when it may be shown; rejects with PathNotAllowedError otherwise. */
  async check(requested: string): Promise<string> {
    if (typeof requested !== 'string' || !requested || requested.includes('\0'))
      throw new PathNotAllowedError('no file named')
    if (!isAbsolute(requested)) throw new PathNotAllowedError(`not an absolute path: ${requested}`)
    // One answer for "missing" and "not allowed": a different one would tell the window which files exist.
    const unavailable = (): never => {
      throw new PathNotAllowedError(
        `not available (missing, or not inside an imported or scanned folder): ${requested}`
      )
    }
    const real = safeRealpath(resolve(requested))
    if (!real) return unavailable()
    await (this.allowedBefore ??= this.earlierFiles().then((paths) =>
      paths.forEach((p) => this.allowFile(p))
    ))
    if (this.files.has(real)) return real
    for (const root of await this.roots()) {
      const realRoot = safeRealpath(resolve(root))
      if (realRoot && isInside(realRoot, real)) return real
    }
    return unavailable()
  }
}

/** True when `child` is `root` itself or lies below it (`/data/a` does not contain `/data/ab`). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p)
  } catch {
    return null
  }
}

/**
 * The query of an image URL, shared by the Electron protocol (`leukolens-img://img/?p=…&s=…`) and the test
 * server (`/img?p=…&s=…`): the absolute path and an optional thumbnail size.
 */
export function parseImageQuery(params: URLSearchParams): { path: string; size?: number } {
  const path = params.get('p') ?? ''
  const s = params.get('s')
  const size = s === null ? undefined : Number(s)
  if (size !== undefined && (!Number.isInteger(size) || size < 16 || size > 2048))
    throw new PathNotAllowedError(`bad size ${s}`)
  return { path, size }
}
