import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serviceHarness, type ServiceHarness } from '../../helpers/services'
import { ariaFiles, copyInto, trainedSetup } from '../scan-model.fixture'

/**
 * `qc run` through the app's calls: the control folder is scanned by the real scan service with the active model
 * (real Aria cells the model never trained on), and the stored run's counts are the scan's own.
 */
describe('a QC run through the scan service', () => {
  let root = ''
  let h: ServiceHarness

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leukolens-qc-'))
    const setup = await trainedSetup(root)
    setup.db.close()
    h = serviceHarness(join(root, 'data'))
    await h.call('settings:set', { backend: 'wasm' })
    copyInto(join(root, 'control', 'Benign'), ariaFiles('Benign', 3, 100))
    copyInto(join(root, 'control', 'Early'), ariaFiles('Early', 3, 100))
  }, 300_000)

  afterAll(() => {
    h?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('scans the set with the active model, stores the run with counts and its scan, and lists it', async () => {
    const set = await h.call('qc:add', {
      name: 'aria-control',
      folder: join(root, 'control'),
      map: 'Benign=HEM,Early=ALL'
    })
    expect(set.expected).toEqual({ HEM: 3, ALL: 3 })
    const run = await h.call('qc:run', { jobId: 'qc', name: 'aria-control' })
    expect(run.scored).toBe(6)
    expect(run.missing).toBe(0)
    expect(run.accuracy.of).toBe(6)
    const predictions = await h.call('predictions:query', { scanId: run.scanId })
    const calledAll = predictions.rows.filter((r) => r.prediction.predicted === 'ALL').length
    expect(run.blasts.count).toBe(calledAll)
    const right = predictions.rows.filter(
      (r) => (r.path.includes('/Early/') ? 'ALL' : 'HEM') === r.prediction.predicted
    ).length
    expect(run.accuracy.count).toBe(right)
    const [listed] = await h.call('qc:list')
    expect(listed.runs.map((r) => r.id)).toEqual([run.id])
  }, 300_000)
})
