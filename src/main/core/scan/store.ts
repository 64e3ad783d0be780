import type { Database } from 'better-sqlite3'
import { lockFor, write, type Queries, type Store } from '../db/store'
import type { ScanRecord } from '../../../shared/types/scan'
import {
  finishScan,
  getScan,
  insertScan,
  reopenScan,
  runningScansOfModel,
  unfinishedScans,
  type NewScan,
  type ScanRow
} from '../db/queries/scans'
import { recordScanItems, type ScanItemResult } from '../db/queries/scan-items'
import { describeRunner, leaseNow, localLiveness, scanAlive, type Liveness } from './liveness'

/**
 * The scan domain's store: the SQL is in db/queries/scans.ts and scan-items.ts (re-exported here for the scan pipeline, the
 * report and the services); what is decided here is which process a scan belongs to — on this machine by its process
 * id, on another by its heartbeat (liveness.ts).
 */
export {
  classCounts,
  finishScan,
  fromPredictionRow,
  getPrediction,
  getScan,
  latestPrediction,
  listScans,
  scannedPaths,
  unfamiliarCount,
  unreadableFiles,
  type NewScan,
  type PredictionRow
} from '../db/queries/scans'
export { recordScanItems, type NewPrediction, type ScanItemResult } from '../db/queries/scan-items'

/**
 * Where a scan's rows live (`store`: the lab's shared database or the workstation's file) and the workstation's own
 * SQLite file, which still holds the domains not on the store yet (models, features, settings). A service context
 * is one.
 */
export interface ScanDbs {
  store: Store
  db: Database
}

/**
 * Marks a scan finished together with what else belongs to it (`before`: a field scan's cells), in one write
 * transaction: a scan is never done without them, and a kill before leaves it unfinished (resumable).
 */
export async function finishScanWith(
  store: Store,
  id: number,
  status: 'done' | 'cancelled',
  before?: (trx: Queries, scanId: number) => Promise<void>
): Promise<void> {
  await write(store, async (trx) => {
    await before?.(trx, id)
    await finishScan(trx, id, status)
  })
}

/** Already-known files (reused predictions, unreadable files) per transaction: a few milliseconds of lock each. */
const KNOWN_PER_TRANSACTION = 500

/**
 * Records what a scan knows without computing, in transactions of bounded size: a person's review waiting for the
 * write lock waits for one of them, never for a whole folder's worth.
 */
export async function recordKnownItems(
  store: Store,
  scanId: number,
  items: readonly ScanItemResult[]
): Promise<void> {
  for (let i = 0; i < items.length; i += KNOWN_PER_TRANSACTION) {
    const chunk = items.slice(i, i + KNOWN_PER_TRANSACTION)
    await write(store, (trx) => recordScanItems(trx, scanId, chunk))
  }
}

/** A new scan, running in this process (of this machine: `live`). */
export async function createScan(
  q: Queries,
  s: NewScan,
  live: Liveness = localLiveness()
): Promise<ScanRecord> {
  return (await getScan(q, await insertScan(q, s, live.pid, leaseNow(live))))!
}

/**
 * Scans running in this process right now (the app may run several), per database (by its place: each service
 * and command may wrap one in a store of its own) — scan ids repeat across data folders: a `running` row with this
 * process's pid is alive only if it is listed here, otherwise it is what an earlier run of this process left
 * behind.
 */
const runningHere = new Map<string, Set<number>>()
const placeOf = (store: Store): string => `${store.engine}:${store.place}`

/** Marks a scan of `store` as running in this process (`running` false: no longer). */
export function markRunningHere(store: Store, scanId: number, running: boolean): void {
  let ids = runningHere.get(placeOf(store))
  if (!ids) runningHere.set(placeOf(store), (ids = new Set()))
  if (running) ids.add(scanId)
  else ids.delete(scanId)
}

const isRunningIn =
  (store: Store, live: Liveness) =>
  (row: ScanRow): boolean =>
    row.status === 'running' &&
    (Boolean(runningHere.get(placeOf(store))?.has(row.id)) || scanAlive(row, live))

/**
 * Whether a scan whose record says running still runs now — here, on another machine, or as queued batches — or
 * stopped without finishing (its process or machine gone): the lists say which.
 */
export function scanRunsNow(store: Store, s: ScanRecord, live: Liveness = localLiveness()): boolean {
  return isRunningIn(
    store,
    live
  )({
    id: s.id,
    status: s.status,
    pid: s.pid ?? null,
    host: s.host ?? null,
    heartbeat_at: s.heartbeatAt ?? null,
    queued: s.queued ? 1 : 0
  } as ScanRow)
}

/** A second scan of a folder with a model while the first still runs: it would compute everything twice. */
export class ScanBusyError extends Error {
  override name = 'ScanBusyError'
}

/** The id of a scan with this model that is running now (in this or another process), if any. */
export async function runningScanOfModel(
  store: Store,
  modelId: string,
  live: Liveness = localLiveness()
): Promise<number | undefined> {
  return (await runningScansOfModel(store.k, modelId)).find(isRunningIn(store, live))?.id
}

/** Throws ScanBusyError when a scan with these options runs now, in this process or another one. */
export async function refuseRunningScan(
  store: Store,
  s: Omit<NewScan, 'backend' | 'flagThreshold'>,
  live: Liveness = localLiveness()
): Promise<void> {
  refuseRunning(store, await unfinishedScans(store.k, s), s, live)
}

function refuseRunning(
  store: Store,
  rows: readonly ScanRow[],
  s: Omit<NewScan, 'backend' | 'flagThreshold'>,
  live: Liveness
): void {
  const busy = rows.find(isRunningIn(store, live))
  if (busy)
    throw new ScanBusyError(
      `${s.fields ? 'field ' : ''}scan ${busy.id} of ${s.folder} with model ${s.modelId} is already running ${describeRunner(busy, live)}; wait for it to finish or stop it`
    )
}

/**
 * Marks a scan failed on the way out of an error. Best effort: when the database itself is what failed (locked,
 * full, unreachable) this write may fail too, and then the scan stays `running` with this process's pid — which a
 * rerun resumes once this process has exited (elsewhere: once its heartbeat is older than the lease). The original error is the one worth reporting, so this one is
 * dropped.
 */
export async function markFailed(store: Store, id: number): Promise<void> {
  try {
    await finishScan(store.k, id, 'failed')
  } catch {
    // see above
  }
}

/**
 * The newest folder scan with the same options that did not finish (killed, cancelled or failed, or running on a
 * process or machine that is gone) — a rerun continues it instead of starting a second scan of the same files, and
 * takes it over (this process, this machine, a fresh heartbeat); one still running is refused (ScanBusyError).
 * Quick checks never resume, nor does a plain scan resume a queued one. Run it in the write transaction that
 * starts the scan (`trx`), after `lockScanStart`.
 */
export async function findResumableScan(
  store: Store,
  trx: Queries,
  s: Omit<NewScan, 'backend' | 'flagThreshold'>,
  live: Liveness = localLiveness()
): Promise<ScanRecord | undefined> {
  const rows = await unfinishedScans(trx, s)
  refuseRunning(store, rows, s, live)
  const r = rows.find((row) => row.queued === 0)
  if (!r) return undefined
  await reopenScan(trx, r.id, live.pid, leaseNow(live))
  return getScan(trx, r.id)
}

/**
 * Serialises the start of scans of one folder across workstations sharing a database (SQLite's write transaction
 * already does on one file): of two starting the same scan at once, the second sees the first's row.
 */
export function lockScanStart(store: Store, trx: Queries, folder: string): Promise<void> {
  return lockFor(store, trx, `scan-start:${folder}`)
}
