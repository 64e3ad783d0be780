import type { Database } from 'better-sqlite3'
import type { ScanRecord } from '../../../shared/types/scan'
import { getScan, insertScan, reopenScan, unfinishedScans, type NewScan } from '../db/queries/scans'

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
  unreadableFiles,
  type NewPrediction,
  type NewScan,
  type PredictionRow,
  type ScanItemResult
} from '../db/queries/scans'

/** A new scan, running in this process. */
export function createScan(db: Database, s: NewScan): ScanRecord {
  return getScan(db, insertScan(db, s, process.pid))!
}

function processAlive(pid: number | null): boolean {
  if (!pid || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The newest folder scan with the same options that did not finish (killed or cancelled) and whose process is
 * gone — a rerun continues it instead of starting a second scan of the same files. Quick checks never resume.
 */
export function findResumableScan(db: Database, s: Omit<NewScan, 'backend' | 'flagThreshold'>): ScanRecord | undefined {
  const r = unfinishedScans(db, s).find((row) => !processAlive(row.pid))
  if (!r) return undefined
  reopenScan(db, r.id, process.pid)
  return getScan(db, r.id)
}
