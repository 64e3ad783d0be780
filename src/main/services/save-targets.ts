import { randomBytes } from 'node:crypto'
import { isAbsolute } from 'node:path'

/** A save token the window sent that does not stand for a path the user chose, or no longer does. */
export class SaveTokenError extends Error {
  override name = 'SaveTokenError'
}

/** How long a chosen save location stays valid: the write follows the dialog at once, so minutes are plenty. */
export const SAVE_TOKEN_TTL_MS = 10 * 60_000

/**
 * The paths the user chose in a save dialog, each behind a one-time opaque token. The window never names a path
 * to write: main shows the dialog, keeps the chosen path here and gives the window only the token, which an
 * export call spends. A window that is compromised can therefore write only where the user just said, once.
 * Plain Node: the Electron engine process, the end-to-end test server and the command line hold one each.
 */
export class SaveTargets {
  private readonly issued = new Map<string, { path: string; expires: number }>()
  /**
   * Spent tokens, so that a second use is told apart from a made-up one. Neither map is pruned: each entry is one
   * save dialog the user answered, a few hundred bytes, and an expired token must still be told as expired.
   */
  private readonly spent = new Set<string>()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = SAVE_TOKEN_TTL_MS
  ) {}

  /** Remembers `path` (absolute, as the dialog returned it) and returns the token that stands for it. */
  issue(path: string): string {
    if (typeof path !== 'string' || !isAbsolute(path) || path.includes('\0'))
      throw new SaveTokenError(`a save location must be an absolute path, got "${String(path)}"`)
    const token = randomBytes(16).toString('hex')
    this.issued.set(token, { path, expires: this.now() + this.ttlMs })
    return token
  }

  /** The path behind `token`, which is spent by this call; an unknown, used or expired token is refused. */
  redeem(token: string): string {
    const entry = this.issued.get(token)
    if (!entry) {
      throw new SaveTokenError(
        this.spent.has(token)
          ? 'This save location was already used once; choose where to save again.'
          : 'This save location was not chosen in the save dialog (unknown token); choose where to save again.'
      )
    }
    this.issued.delete(token)
    this.spent.add(token)
    if (this.now() > entry.expires)
      throw new SaveTokenError(
        `This save location was chosen more than ${Math.round(this.ttlMs / 60_000)} minutes ago and has expired; choose where to save again.`
      )
    return entry.path
  }
}
