/** A database URL fit to show: the password replaced, everything else as given. */
export function maskDatabaseUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(an unreadable database URL)'
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'EPIPE',
  // The server shutting down under an open connection, crashed, or not yet accepting connections again.
  '57P01',
  '57P02',
  '57P03'
])

/** What the server's own codes for going away mean, in words. */
const CODE_WORDS: Record<string, string> = {
  '57P01': 'the server was shut down',
  '57P02': 'the server crashed',
  '57P03': 'the server is starting or shutting down'
}

/** The server's connection-exception codes (class 08): the connection failed or was lost. */
const CONNECTION_EXCEPTION = /^08/

/**
 * Errors from a connection that broke or never came, without a code: node-postgres says so in words. Narrow on
 * purpose — every failure at the edges passes here, and another kind of timeout is not the database's.
 */
const LOST =
  /Connection terminated|terminated unexpectedly|timeout exceeded when trying to connect|connection timeout|not queryable/i

/** Whether `err` says the shared database could not be reached, or was lost mid-call. */
export function isUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  return UNREACHABLE.has(code) || CONNECTION_EXCEPTION.test(code) || LOST.test(String(e?.message ?? ''))
}

/**
 * The shared database could not be reached, or was lost mid-call. `reason` is the short form a longer message
 * (a scan's) puts in its own sentence; the message is the whole sentence, for a command's last line or the window.
 */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError'
  constructor(
    readonly reason: string,
    cause: unknown
  ) {
    super(
      `${reason[0].toUpperCase()}${reason.slice(1)}: what was stored stays and nothing is half-written; check that ` +
        'the server is running (`leukolens server status` on the server) and that this workstation can reach it, ' +
        'then try again.',
      { cause }
    )
  }
}

/**
 * One sentence for what went wrong reaching the shared database, naming the server (never its password) and
 * saying that what was stored stays (each write is one transaction: a lost connection leaves none half-written).
 * Errors that are not about reaching or entering the server pass through.
 */
export function explainPostgresError(err: unknown, place: string): Error {
  const e = err as { code?: string; message?: string }
  const code = e?.code ?? ''
  if (err instanceof DatabaseUnreachableError) return err
  // Already said in a sentence that names the server (a scan's stop, with what it kept): not wrapped again, though
  // its words contain the driver's.
  if (
    err instanceof Error &&
    err.message.toLowerCase().includes(`the shared database at ${place}`.toLowerCase())
  )
    return err
  if (isUnreachable(err))
    return new DatabaseUnreachableError(
      `the shared database at ${place} cannot be reached (${CODE_WORDS[code] ?? (code || e.message)})`,
      err
    )
  if (code === '28P01' || code === '28000')
    return new Error(
      `The shared database at ${place} refused the login: check the user name and password in its URL.`
    )
  if (code === '3D000')
    return new Error(
      `The shared database at ${place} does not exist: check the database name at the end of its URL.`
    )
  return err instanceof Error ? err : new Error(String(err))
}

/**
 * A failure as the edges show it (the dispatcher's answer, the command line's last line): on a shared database, a
 * server that cannot be reached (or refuses the login) becomes the one sentence above, whichever query met it. Needs nothing but the
 * store's engine and masked address, so a workstation's own file never loads the PostgreSQL client for it.
 */
export function explainStoreFailure(store: { engine: string; place: string }, err: unknown): unknown {
  return store.engine === 'postgres' && err instanceof Error ? explainPostgresError(err, store.place) : err
}
