import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase } from '../../src/main/core/db/database'
import { createScan, markRunningHere, runningScanOfModel } from '../../src/main/core/scan/store'
import { useTmpDirs } from '../helpers/tmp'
import { storeOf } from '../helpers/scan-store'

/**
 * Which scans run in this process is known per database: scan ids repeat across data folders, so a scan running
 * in one folder's database must not make the same id in another look alive.
 */
describe('scans running in this process', () => {
  const tmp = useTmpDirs()
  const scan = {
    folder: '/cells',
    recursive: false,
    modelId: 'm-1',
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  }

  it('are told apart per database, although their ids are the same', async () => {
    const dir = tmp()
    const a = openDatabase(join(dir, 'a.db'))
    const b = openDatabase(join(dir, 'b.db'))
    try {
      const inA = await createScan(storeOf(a).k, scan)
      const inB = await createScan(storeOf(b).k, scan)
      expect(inA.id).toBe(inB.id)
      markRunningHere(storeOf(a), inA.id, true)
      expect(await runningScanOfModel(storeOf(a), 'm-1')).toBe(inA.id)
      // b's row says `running` with this pid, but nothing of it runs here: an earlier run left it behind.
      expect(await runningScanOfModel(storeOf(b), 'm-1')).toBeUndefined()
      markRunningHere(storeOf(a), inA.id, false)
      expect(await runningScanOfModel(storeOf(a), 'm-1')).toBeUndefined()
    } finally {
      a.close()
      b.close()
    }
  })
})
