import { setTimeout as sleep } from 'node:timers/promises'
import type { ScanRecord } from '../../../shared/types/scan'
import { scanActivity } from '../../../shared/format/scan-activity'
import { getScan, scanCounts } from '../db/queries/scans'
import type { Store } from '../db/store'
import { localLiveness, type Liveness } from './liveness'
import { scanRunsNow } from './store'

/**
 * `scan --wait ID` for a scan that runs as one process (not queued) — here, or on another workstation sharing the
 * database: which machine runs it and how far it has come, until it ends, or until it stops showing signs of life
 * (its machine or process gone; a rerun resumes it).
 */

export class UnknownScanIdError extends Error {
  override name = 'UnknownScanError'
}

export interface ScanWatch {
  scan: ScanRecord
  /** Whether it still runs (false once it ended, or stopped without finishing). */
  alive: boolean
  /** Files it has recorded so far. */
  files: number
}

export async function watchScan(
  store: Store,
  scanId: number,
  opts: { onProgress?: (w: ScanWatch) => void; signal?: AbortSignal; pollMs?: number; live?: Liveness } = {}
): Promise<ScanWatch> {
  const live = opts.live ?? localLiveness()
  for (;;) {
    const scan = await getScan(store.k, scanId)
    if (!scan) throw new UnknownScanIdError(`no scan with id ${scanId} in ${store.place}`)
    const alive = scan.status === 'running' && scanRunsNow(store, scan, live)
    const w = { scan, alive, files: (await scanCounts(store.k, scanId)).files }
    opts.onProgress?.(w)
    if (!alive || opts.signal?.aborted) return w
    await sleep(opts.pollMs ?? 1000, undefined, { signal: opts.signal }).catch(() => undefined)
  }
}

/** "scan 5: 340 file(s) recorded; running on lab-pc-2". */
export function formatScanWatch(w: ScanWatch): string {
  return `scan ${w.scan.id}: ${w.files} file(s) recorded; ${scanActivity({ ...w.scan, alive: w.alive })}`
}
