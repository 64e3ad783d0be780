/**
 * PostgreSQL connection URLs (`postgres://user:password@host:port/database`). A URL carries the password, so the
 * object that holds one prints itself with the password masked (`toString`, `toJSON`): a configuration dumped
 * as JSON or interpolated into a message never shows it. Only `href` has it, for the code that connects.
 */

/** What stands for the password wherever a URL is shown. */
export const MASK = '***'

export class DatabaseUrlError extends Error {
  override name = 'ConfigError'
}

export class PostgresUrl {
  private constructor(private readonly url: URL) {}

  /**
   * `text` as a PostgreSQL URL, or a DatabaseUrlError naming `where` (the flag, variable or setting). The error
   * never repeats the text: a mistyped URL may still hold a real password.
   */
  static parse(text: string, where: string): PostgresUrl {
    let url: URL
    try {
      url = new URL(text.trim())
    } catch {
      throw new DatabaseUrlError(
        `${where} is not a URL: give a PostgreSQL one, postgres://user:password@host:5432/leukolens`
      )
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
      throw new DatabaseUrlError(
        `${where} is a ${url.protocol.replace(/:$/, '')}:// URL; only PostgreSQL ones work (postgres://user:password@host:5432/leukolens)`
      )
    if (!url.hostname)
      throw new DatabaseUrlError(`${where} names no host (postgres://user:password@HOST:5432/…)`)
    if (url.pathname.replace(/^\//, '') === '')
      throw new DatabaseUrlError(`${where} names no database (postgres://…:5432/DATABASE)`)
    return new PostgresUrl(url)
  }

  /** A URL from its parts (the lab server's own), the user and password percent-encoded. */
  static of(parts: {
    user: string
    password: string
    host: string
    port: number
    database: string
  }): PostgresUrl {
    const host = parts.host.includes(':') && !parts.host.startsWith('[') ? `[${parts.host}]` : parts.host
    const url = new URL(`postgres://${host}:${parts.port}/${encodeURIComponent(parts.database)}`)
    url.username = encodeURIComponent(parts.user)
    url.password = encodeURIComponent(parts.password)
    return new PostgresUrl(url)
  }

  /** The URL with its password: only for connecting, never for showing. */
  get href(): string {
    return this.url.href
  }

  /** The URL with the password replaced by ***, for every message, table and JSON output. */
  get masked(): string {
    if (!this.url.password) return this.url.href
    const copy = new URL(this.url.href)
    copy.password = MASK
    return copy.href
  }

  get host(): string {
    return this.url.hostname
  }

  get port(): number {
    return this.url.port ? Number(this.url.port) : 5432
  }

  get database(): string {
    return decodeURIComponent(this.url.pathname.replace(/^\//, ''))
  }

  /** The same server and credentials, another database (tests make one per test). */
  withDatabase(database: string): PostgresUrl {
    const copy = new URL(this.url.href)
    copy.pathname = `/${encodeURIComponent(database)}`
    return new PostgresUrl(copy)
  }

  toString(): string {
    return this.masked
  }

  toJSON(): string {
    return this.masked
  }
}
