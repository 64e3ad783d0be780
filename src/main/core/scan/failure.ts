import { explainDbError } from '../db/errors'

/** A scan that stopped on an error: its finished results are kept and running the same scan again resumes it. */
export class ScanFailedError extends Error {
  override name = 'ScanFailedError'
  constructor(
    message: string,
    readonly scanId: number | undefined,
    cause: unknown
  ) {
    super(message, { cause })
  }
}

/**
 * The one error a failed scan ends with: what went wrong (a storage failure told with the database file's name)
 * and, once the scan exists, that its finished results are kept and a rerun resumes it. Errors that already speak
 * to the user (a missing folder, a cancelled job) pass through unchanged.
 */
export function scanFailure(
  err: unknown,
  dbFile: string,
  scanId: number | undefined,
  folder: string
): unknown {
  if (scanId === undefined || err instanceof ScanFailedError || (err as Error)?.name === 'AbortError')
    return explainDbError(err, dbFile)
  const cause = explainDbError(err, dbFile)
  // A shared database that went away: its short form, so the sentence says which server and that a rerun resumes.
  const reason = (cause as { reason?: string })?.reason ?? (cause as Error)?.message ?? String(cause)
  return new ScanFailedError(
    `scan ${scanId} of ${folder} stopped: ${reason}. Finished results are kept; run the same scan again to resume it.`,
    scanId,
    cause
  )
}
