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
  'EAI_AGAIN'
])

/**
 * One sentence for what went wrong reaching the shared database, naming the server (never its password) and
 * saying that nothing was changed. Errors that are not about reaching or entering the server pass through.
 */
export function explainPostgresError(err: unknown, place: string): Error {
  const e = err as { code?: string; message?: string }
  const code = e?.code ?? ''
  if (
    UNREACHABLE.has(code) ||
    /timeout|terminated unexpectedly|Connection terminated/i.test(e?.message ?? '')
  ) {
    return new Error(
      `The shared database at ${place} cannot be reached (${code || e.message}). Nothing was changed; check that ` +
        'the server is running (`leukolens server status` on the server) and that this workstation can reach it.'
    )
  }
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
