import { openDatabase, type Database } from '../../src/main/core/db/database'
import { dataDir, type DataDir } from '../../src/main/core/paths'
import { sqliteStore } from '../../src/main/core/db/store'
import { createScan, recordScanItems } from '../../src/main/core/scan/store'

/** A data folder whose database holds `n` scans with one 2 KB item each: something for a backup to copy. */
export async function dataDirWithScans(root: string, n: number): Promise<{ dirs: DataDir; db: Database }> {
  const dirs = dataDir(root)
  const db = openDatabase(dirs.db)
  const q = sqliteStore(db).k
  for (let i = 0; i < n; i++) {
    const scan = await createScan(q, {
      folder: `/cells/${i}`,
      recursive: false,
      modelId: 'm1',
      tta: false,
      flagThreshold: 0.8,
      backend: 'wasm'
    })
    await recordScanItems(q, scan.id, [{ path: `/cells/${i}/x.png`, sha256: null, error: 'x'.repeat(2000) }])
  }
  return { dirs, db }
}
