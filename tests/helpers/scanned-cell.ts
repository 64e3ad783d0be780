import type { Database } from 'better-sqlite3'
import { sqliteStore } from '../../src/main/core/db/store'
import { createScan, recordScanItems } from '../../src/main/core/scan/store'
import type { ScanRecord } from '../../src/shared/types/scan'

/**
 * One cell scanned by a two-class model `m1` (ALL with probability `pAll`, flagged), stored as a folder scan
 * would store it: what a review needs before it is accepted (a stored prediction of that content).
 */
export async function recordScannedCell(
  db: Database,
  cell: { folder: string; path: string; sha256: string; pAll: number }
): Promise<ScanRecord> {
  const q = sqliteStore(db).k
  const scan = await createScan(q, {
    folder: cell.folder,
    recursive: false,
    modelId: 'm1',
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  })
  const prediction = {
    sha256: cell.sha256,
    modelId: 'm1',
    classes: ['ALL', 'HEM'],
    probabilities: [cell.pAll, 1 - cell.pAll],
    predicted: 'ALL',
    confidence: cell.pAll,
    flagged: true,
    tta: false,
    backend: 'wasm'
  }
  await recordScanItems(q, scan.id, [{ path: cell.path, sha256: cell.sha256, prediction }])
  return scan
}
