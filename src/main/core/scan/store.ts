import type { Database } from 'better-sqlite3'
import type { ScanRecord } from '../../../shared/types/scan'
import {
  finishScan,
  getScan,
  recordScanItems,
  type ScanItemResult,
  insertScan,
  reopenScan,
  runningScansOfModel,
  unfinishedScans,
  type NewScan
} from '../db/queries/scans'
import { otherProcessAlive } from '../process-alive'

/**
 * The scan domain's store: the SQL is in db/queries/scans.ts (re-exported here for the scan pipeline, the
 * report and the services); what is decided here is which process a scan belongs to.
 */
export {
  classCounts,
  finishScan,
  fromPredictionRow,
  getPrediction,
  getScan,
  latestPrediction,
  listScans,
  recordScanItems,
  scannedPaths,
  unfamiliarCount,
  unreadableFiles,
  type NewPrediction,
  type NewScan,
  type PredictionRow,
  type ScanItemResult
} from '../db/queries/scans'

/**
 * Marks a scan finished together with what else belongs to it (`before`: a field scan's cells), in one transaction
 * holding the write lock: a scan is never done without them, and a kill before leaves it unfinished (resumable).
 */
export function finishScanWith(
  db: Database,
  id: number,
  status: 'done' | 'cancelled',
  before?: (scanId: number) => void
): void {
  db.transaction(() => {
    before?.(id)
    finishScan(db, id, status)
  }).immediate()
}

/** Already-known files (reused predictions, unreadable files) per transaction: a few milliseconds of lock each. */
const KNOWN_PER_TRANSACTION = 500

/**
 * Records what a scan knows without computing, in transactions of bounded size: a person's review waiting for the
 * write lock waits for one of them, never for a whole folder's worth.
 */
export function recordKnownItems(db: Database, scanId: number, items: readonly ScanItemResult[]): void {
  for (let i = 0; i < items.length; i += KNOWN_PER_TRANSACTION)
    recordScanItems(db, scanId, items.slice(i, i + KNOWN_PER_TRANSACTION))
}

/** A new scan, running in this process. */
export function createScan(db: Database, s: NewScan): ScanRecord {
  return getScan(db, insertScan(db, s, process.pid))!
}

/**
 * Scans running in this process right now (the app may run several), per database — scan ids repeat across data
 * folders: a `running` row with this process's pid is alive only if it is listed here, otherwise it is what an
 * earlier run of this process left behind.
 */
const runningHere = new WeakMap<Database, Set<number>>()

/** Marks a scan of `db` as running in this process (`running` false: no longer). */
export function markRunningHere(db: Database, scanId: number, running: boolean): void {
  let ids = runningHere.get(db)
  if (!ids) runningHere.set(db, (ids = new Set()))
  if (running) ids.add(scanId)
  else ids.delete(scanId)
}

const isRunningIn =
  (db: Database) =>
  (row: { id: number; status: string; pid: number | null }): boolean =>
    row.status === 'running' && (Boolean(runningHere.get(db)?.has(row.id)) || otherProcessAlive(row.pid))

/** A second scan of a folder with a model while the first still runs: it would compute everything twice. */
export class ScanBusyError extends Error {
  override name = 'ScanBusyError'
}

/** The id of a scan with this model that is running now (in this or another process), if any. */
export function runningScanOfModel(db: Database, modelId: string): number | undefined {
  return runningScansOfModel(db, modelId).find(isRunningIn(db))?.id
}

/** Throws ScanBusyError when a scan with these options runs now, in this process or another one. */
export function refuseRunningScan(db: Database, s: Omit<NewScan, 'backend' | 'flagThreshold'>): void {
  refuseRunning(db, unfinishedScans(db, s), s)
}

function refuseRunning(
  db: Database,
  rows: ReturnType<typeof unfinishedScans>,
  s: Omit<NewScan, 'backend' | 'flagThreshold'>
) {
  const busy = rows.find(isRunningIn(db))
  if (busy)
    throw new ScanBusyError(
      `${s.fields ? 'field ' : ''}scan ${busy.id} of ${s.folder} with model ${s.modelId} is already running (process ${busy.pid}); wait for it to finish or stop it`
    )
}

/**
 * Marks a scan failed on the way out of an error. Best effort: when the database itself is what failed (locked,
 * full) this write may fail too, and then the scan stays `running` with this process's pid — which a rerun resumes
 * once this process has exited. The original error is the one worth reporting, so this one is dropped.
 */
export function markFailed(db: Database, id: number): void {
  try {
    finishScan(db, id, 'failed')
  } catch {
    // see above
  }
}

/**
 * The newest folder scan with the same options that did not finish (killed, cancelled or failed) — a rerun
 * continues it instead of starting a second scan of the same files; one still running is refused
 * (ScanBusyError). Quick checks never resume.
 */
export function findResumableScan(
  db: Database,
  s: Omit<NewScan, 'backend' | 'flagThreshold'>
): ScanRecord | undefined {
  const rows = unfinishedScans(db, s)
  refuseRunning(db, rows, s)
  const r = rows[0]
  if (!r) return undefined
  reopenScan(db, r.id, process.pid)
  return getScan(db, r.id)
}
