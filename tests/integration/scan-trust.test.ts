import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getModel } from '../../src/main/core/engine/models/registry'
import { loadScanModel } from '../../src/main/core/scan/model'
import { runScan } from '../../src/main/core/scan/run'
import { queryHistory } from '../../src/main/core/scan/history'
import { historyTable } from '../../src/main/core/report/csv'
import { tf } from '../../src/main/core/engine/tf'
import { ariaFiles, copyInto, trainedSetup, type TrainedSetup } from './scan-model.fixture'
import { sharedPath } from '../helpers/shared'
import { DEFAULT_OOD_METHOD } from '../../src/main/core/trust/profile'
import { dbsOf, storeOf } from '../helpers/scan-store'

/**
 * A trained version carries its trust profile, and a scan uses it: C-NMC cells (segmented on black, 450×450 BMP)
 * and BCCD whole fields (640×480) are nothing like the Aria crops it was trained on and must be marked unfamiliar
 * with their reasons; held-out Aria cells of the same classes must mostly not be.
 */
let root: string
let setup: TrainedSetup

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'leukolens-trust-'))
  setup = await trainedSetup(root)
}, 170_000)

afterAll(() => {
  setup?.db.close()
  rmSync(root, { recursive: true, force: true })
})

describe('trust profile in training and scans', () => {
  it('stores temperature, ECE, flag point and an OOD threshold with the version', async () => {
    const v = await getModel(setup.store, setup.modelId)
    expect(v.trust).toBeTruthy()
    const t = v.trust!
    expect(t.temperature).toBeGreaterThan(0)
    expect(t.calibration.bins).toHaveLength(15)
    expect(t.ood.method).toBe(DEFAULT_OOD_METHOD)
    expect(t.ood.threshold).toBeGreaterThan(0)
    expect(t.images.formats).toEqual(['jpeg'])
    expect(t.images.width).toEqual({ min: 224, max: 224 })
  })

  it('marks C-NMC cells and BCCD fields unfamiliar, flags them with the reason, and stores it', async () => {
    const before = tf.memory().numTensors
    const { model } = await loadScanModel(setup.store, setup.dirs, setup.modelId)
    try {
      const folder = join(root, 'odd')
      copyInto(folder, [
        sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/all/UID_2_1_1_all.bmp'),
        sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/hem/UID_H1_1_1_hem.bmp'),
        sharedPath('data/bccd-fields/JPEGImages/BloodImage_00000.jpg')
      ])
      const s = await runScan(dbsOf(setup.db), setup.dirs, model, { folder, backend: 'wasm', workers: 1 })
      expect(s.unfamiliar).toBe(3)
      expect(s.flagged).toBe(3)
      // Each predicted cell keeps a small picture in the database (shown where the folder cannot be reached).
      const thumbnails = setup.db
        .prepare('SELECT count(*) FROM scan_items WHERE scan_id = ? AND thumbnail_sha256 IS NOT NULL')
        .pluck()
        .get(s.scanId)
      expect(thumbnails).toBe(3)
      const rows = await queryHistory(storeOf(setup.db), { scanId: s.scanId })
      const oddScores = rows.map((r) => r.prediction.oodScore!)
      for (const r of rows) {
        expect(r.prediction.ood).toBe(true)
        expect(r.prediction.oodScore).toBeGreaterThan(model.trust!.oodThreshold)
        expect(r.prediction.flagReason).toMatch(/unlike the training images|format bmp|size 640×480/)
      }
      const bmp = rows.find((r) => r.path.endsWith('.bmp'))!
      expect(bmp.prediction.flagReason).toContain('format bmp (trained on jpeg)')
      const t = historyTable(rows)
      expect(t.header).toEqual(expect.arrayContaining(['ood', 'ood_score', 'flag_reason']))

      // Aria cells the model never saw (further down the same folders) score far below every odd image. (How
      // many pass the threshold is not asserted: with 34 training and ~7 validation vectors the 99th percentile
      // is the validation maximum, a noisy cut; the real-size figures are in the README.)
      const aria = join(root, 'aria')
      copyInto(aria, [...ariaFiles('Benign', 6, 100), ...ariaFiles('Early', 6, 100)])
      const a = await runScan(dbsOf(setup.db), setup.dirs, model, {
        folder: aria,
        backend: 'wasm',
        workers: 1
      })
      const ariaRows = await queryHistory(storeOf(setup.db), { scanId: a.scanId })
      expect(ariaRows).toHaveLength(12)
      for (const r of ariaRows) {
        const p = r.prediction
        expect(p.probabilities.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5)
        expect(p.flagReason ?? '').not.toMatch(/format|size/)
      }
      expect(Math.max(...ariaRows.map((r) => r.prediction.oodScore!))).toBeLessThan(Math.min(...oddScores))
    } finally {
      model.head.dispose()
    }
    expect(tf.memory().numTensors).toBe(before)
  }, 170_000)

  it('writes nothing more, not even "failed", when SQLite calls the file damaged mid-scan; a rerun resumes', async () => {
    const { model } = await loadScanModel(setup.store, setup.dirs, setup.modelId)
    const folder = join(root, 'corrupt-mid-scan')
    copyInto(folder, ariaFiles('Early', 3, 150))
    const db = setup.db
    const prepare = db.prepare.bind(db)
    // The first save of results meets a damaged page: the scan's row and its file list are written (planning takes
    // write transactions too), then every write transaction fails as SQLite does on a damaged file.
    const itemsRecorded = db.prepare(
      "SELECT count(*) FROM scan_items i JOIN scans s ON s.id = i.scan_id WHERE s.folder LIKE '%corrupt-mid-scan'"
    )
    const damaged = () => {
      throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })
    }
    db.prepare = ((text: string) =>
      /^\s*BEGIN/i.test(text) && (itemsRecorded.pluck().get() as number) > 0
        ? damaged()
        : prepare(text)) as typeof db.prepare
    try {
      await expect(
        runScan(dbsOf(db), setup.dirs, model, { folder, backend: 'wasm', workers: 1 })
      ).rejects.toThrow(/malformed/)
    } finally {
      db.prepare = prepare
    }
    const rows = db.prepare('SELECT id, status FROM scans WHERE folder = ?').all(folder) as {
      id: number
      status: string
    }[]
    expect(rows).toHaveLength(1)
    expect(rows[0].status).toBe('running')
    const again = await runScan(dbsOf(db), setup.dirs, model, { folder, backend: 'wasm', workers: 1 })
    expect(again.scanId).toBe(rows[0].id)
    expect(
      (db.prepare('SELECT status FROM scans WHERE id = ?').get(again.scanId) as { status: string }).status
    ).toBe('done')
    model.head.dispose()
  }, 170_000)
})
