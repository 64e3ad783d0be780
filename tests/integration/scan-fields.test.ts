import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldCellsOfScan } from '../../src/main/core/db/queries/field-cells'
import { explainImage } from '../../src/main/core/explain/explain'
import { openFeatureMapSource } from '../../src/main/core/explain/feature-map-source'
import { decodeImageFile } from '../../src/main/core/images/decode'
import { loadScanModel } from '../../src/main/core/scan/model'
import { fieldScanSampleCounts, runFieldScan } from '../../src/main/core/scan/fields'
import { getScan } from '../../src/main/core/scan/store'
import { queryHistory } from '../../src/main/core/scan/history'
import { tf } from '../../src/main/core/engine/tf'
import { runCli } from '../helpers/cli'
import { bccdSampleFields } from '../helpers/bccd-fields'
import { sharedPath } from '../helpers/shared'
import { trainedSetup, type TrainedSetup } from './scan-model.fixture'
import { dbsOf, storeOf } from '../helpers/scan-store'

/**
 * `scan --fields` on real BCCD fields with a real (small, seeded) trained model: cells are found, cropped,
 * classified and tied to their field; a rerun computes nothing again; Grad-CAM works on a cell; the CSV keeps
 * the field as `path` with the cell's box after it; unreadable fields are recorded, not fatal.
 */
describe('whole-field scan', () => {
  let root: string
  let setup: TrainedSetup
  let fields: string

  beforeAll(async () => {
    // One folder for both tests (the second scans with the first's model and data folder).
    root = mkdtempSync(join(tmpdir(), 'leukolens-fields-'))
    setup = await trainedSetup(root)
    fields = bccdSampleFields(join(root, 'fields'))
  })

  afterAll(() => {
    setup?.db.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('classifies every cell of every field, tied to its field, box and mask, and counts per sample', async () => {
    const { model } = await loadScanModel(setup.store, setup.dirs, setup.modelId)
    try {
      const first = await runFieldScan(dbsOf(setup.db), setup.dirs, model, {
        folder: fields,
        recursive: true,
        cropStyle: 'masked',
        backend: 'wasm'
      })
      expect(first.fields).toBe(4)
      expect(first.unreadableFields.map((u) => u.path.split('/').pop())).toEqual(['broken.jpg'])
      expect(first.cells).toBeGreaterThanOrEqual(3)
      expect(first.computed).toBe(first.cells)
      expect(first.tensorsLeaked).toBe(0)
      const cells = await fieldCellsOfScan(storeOf(setup.db).k, first.scanId)
      expect(cells).toHaveLength(first.cells)
      for (const c of cells) {
        expect(existsSync(c.cropPath)).toBe(true)
        expect(c.mask.data.length).toBe(c.mask.width * c.mask.height)
        const crop = await decodeImageFile(c.cropPath)
        expect(crop.width).toBe(crop.height)
        // Masked style: the corners are outside the cell, hence black.
        expect([...crop.data.subarray(0, 3)]).toEqual([0, 0, 0])
      }
      expect(first.samples.map((s) => s.sample)).toEqual(['sample-A', 'sample-B'])
      const a = first.samples[0]
      expect(a.fields).toBe(2)
      // The crops are unlike the Aria cells the model knows: every sample is withheld, with the reason.
      const rows = await queryHistory(storeOf(setup.db), { scanId: first.scanId })
      expect(first.samples.reduce((n, s) => n + s.unfamiliar, 0)).toBe(
        rows.filter((r) => r.prediction.ood).length
      )
      expect(a.withheld).toBe(true)
      expect(a.byClass).toEqual({})
      expect(a.reason).toBe(
        `No result: ${a.unfamiliar} of ${a.cells} cells are unlike this model's training data`
      )
      // Under a 100% limit the counts are given, on the familiar cells only.
      for (const s of await fieldScanSampleCounts(dbsOf(setup.db), first.scanId, model.classes, fields, 1)) {
        expect(s.withheld).toBe(false)
        expect(Object.values(s.byClass).reduce((n, p) => n + p.count, 0)).toBe(s.cells - s.unfamiliar)
        for (const p of Object.values(s.byClass)) {
          expect(p.low).toBeLessThanOrEqual(p.percent)
          expect(p.high).toBeGreaterThanOrEqual(p.percent)
        }
      }

      // A rerun finds the same cells and reuses every prediction.
      const again = await runFieldScan(dbsOf(setup.db), setup.dirs, model, {
        folder: fields,
        recursive: true,
        cropStyle: 'masked',
        backend: 'wasm'
      })
      expect(again.cells).toBe(first.cells)
      expect(again.computed).toBe(0)
      const recount = await fieldScanSampleCounts(dbsOf(setup.db), again.scanId, model.classes, fields, 0.1)
      expect(recount.map((s) => [s.sample, s.cells, s.byClass])).toEqual(
        first.samples.map((s) => [s.sample, s.cells, s.byClass])
      )

      // Grad-CAM of one cell: its crop is an ordinary cell image.
      const { version } = await loadScanModel(setup.store, setup.dirs, setup.modelId)
      const featureMap = await openFeatureMapSource(setup.store, setup.dirs, version.backbone, 'wasm')
      try {
        const explainModel = {
          featureMap,
          head: model.head,
          classes: model.classes,
          preprocessing: model.preprocessing,
          threshold: model.threshold
        }
        const out = join(root, 'cam.png')
        const r = await explainImage(explainModel, cells[0].cropPath, {
          heatmap: out,
          overlay: join(root, 'cam-overlay.png')
        })
        expect(model.classes).toContain(r.predicted)
        expect(existsSync(out)).toBe(true)
        // The source loads its backbone on first use; a second explanation must leave no tensor behind.
        const before = tf.memory().numTensors
        await explainImage(explainModel, cells[cells.length - 1].cropPath, {
          heatmap: join(root, 'cam2.png')
        })
        expect(tf.memory().numTensors).toBe(before)
      } finally {
        await featureMap.dispose()
      }
    } finally {
      model.head.dispose()
    }
  })

  it('leukolens scan --fields writes path,cell,x,y,width,height first and prints per-sample counts', async () => {
    const csv = join(root, 'fields.csv')
    const r = await runCli(
      'scan',
      fields,
      '--fields',
      '--recursive',
      '--out',
      csv,
      '--backend',
      'wasm',
      '--data-dir',
      setup.dirs.root
    )
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(
      /sample sample-A: 2 field\(s\), \d+ cell\(s\): No result: \d+ of \d+ cells are unlike/
    )
    expect(r.out).not.toMatch(/95% CI/)
    // Every cell unfamiliar against about 1% on validation: the batch itself is called different.
    expect(r.out).toMatch(/^ {2}This batch looks different from the training data: \d+ of \d+ unfamiliar/m)
    // What was classified are the cells found, not the field files.
    expect(r.out).toMatch(/^ {2}\d+ cells: \d+ classified now \([\d.]+ cells\/s\)/m)
    expect(r.out).toMatch(/\d+ of \d+ cells look unlike/)
    const lines = readFileSync(csv, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/)
    expect(lines[0].startsWith('path,cell,x,y,width,height,sha256,predicted,confidence,')).toBe(true)
    expect(lines[1]).toMatch(/sample-A\/f00001\.jpg,1,\d+,\d+,\d+,\d+,[0-9a-f]{64},/)

    // The sample report of that scan, headed with the sample id and operator given on the command line.
    const html = join(root, 'sample.html')
    const rep = await runCli(
      'report',
      '--out',
      html,
      '--sample-id',
      'S-7',
      '--operator',
      'Op One',
      '--data-dir',
      setup.dirs.root
    )
    expect(rep.code, rep.err).toBe(0)
    const text = readFileSync(html, 'utf8')
    expect(text).toMatch(/<th>Sample id<\/th><td>S-7<\/td>/)
    expect(text).toMatch(/<th>Operator<\/th><td>Op One<\/td>/)
    expect(text).toMatch(/Sample <b>sample-A<\/b>: 2 fields/)
    expect(text).toMatch(/Sign-off not possible: sample sample-A: No result/)
    expect(text).not.toContain('Signed off by:')
    // The per-sample summary beside the CSV says the same.
    const summary = readFileSync(join(root, 'fields-samples.csv'), 'utf8').replace(/^\uFEFF/, '')
    expect(summary.split(/\r\n/)[0]).toMatch(/^sample,fields,cells,unfamiliar,counted,withheld,reason,/)
    expect(summary).toMatch(/\r\nsample-A,2,\d+,\d+,\d+,true,No result: \d+ of \d+ cells are unlike/)
  })

  /** A fresh folder of `n` real fields (BCCD 00003 on), so that nothing of it was scanned before. */
  function freshFields(name: string, n: number): string {
    const dir = join(root, name)
    mkdirSync(dir, { recursive: true })
    for (let i = 0; i < n; i++) {
      const id = String(3 + i).padStart(5, '0')
      copyFileSync(sharedPath(`data/bccd-fields/JPEGImages/BloodImage_${id}.jpg`), join(dir, `f${id}.jpg`))
    }
    return dir
  }

  const predictionsOfScan = (scanId: number) =>
    setup.db
      .prepare(
        `SELECT count(*) AS n, count(DISTINCT p.sha256) AS distinct_ FROM predictions p
         WHERE p.sha256 IN (SELECT sha256 FROM scan_items WHERE scan_id = ? AND sha256 IS NOT NULL)`
      )
      .get(scanId) as { n: number; distinct_: number }

  it('is done only with its cells stored: a failure while storing them leaves it unfinished, and a rerun resumes it', async () => {
    const folder = freshFields('fields-unit', 2)
    const { model } = await loadScanModel(setup.store, setup.dirs, setup.modelId)
    // The disk fails exactly where the cells are written (a kill there leaves the same state).
    setup.db.exec(
      "CREATE TEMP TRIGGER fail_cells BEFORE INSERT ON field_cells BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
    )
    try {
      const options = { folder, cropStyle: 'masked' as const, backend: 'wasm' as const }
      await expect(runFieldScan(dbsOf(setup.db), setup.dirs, model, options)).rejects.toThrow(
        /disk I\/O error/
      )
      const scan = setup.db
        .prepare('SELECT id, status FROM scans WHERE folder = ? AND fields = 1')
        .get(folder) as { id: number; status: string }
      expect(scan.status).not.toBe('done')
      expect(await fieldCellsOfScan(storeOf(setup.db).k, scan.id)).toEqual([])
      setup.db.exec('DROP TRIGGER temp.fail_cells')
      const again = await runFieldScan(dbsOf(setup.db), setup.dirs, model, options)
      expect(again.scanId).toBe(scan.id)
      expect(again.computed).toBe(0)
      expect((await getScan(storeOf(setup.db).k, scan.id))?.status).toBe('done')
      expect(await fieldCellsOfScan(storeOf(setup.db).k, scan.id)).toHaveLength(again.cells)
      expect(again.cells).toBeGreaterThan(0)
    } finally {
      setup.db.exec('DROP TRIGGER IF EXISTS temp.fail_cells')
      model.head.dispose()
    }
  })

  it('two `scan --fields` of one folder at once: no content is classified twice', async () => {
    const folder = freshFields('fields-twice', 3)
    const run = () => runCli('scan', folder, '--fields', '--backend', 'wasm', '--data-dir', setup.dirs.root)
    const [a, b] = await Promise.all([run(), run()])
    // One of them ran (or both, one after the other); a refused one says why.
    expect([a.code, b.code]).toContain(0)
    for (const r of [a, b]) if (r.code !== 0) expect(r.err).toMatch(/field scan \d+ of .* is already running/)
    const scans = setup.db
      .prepare("SELECT id FROM scans WHERE folder = ? AND fields = 1 AND status = 'done'")
      .pluck()
      .all(folder) as number[]
    expect(scans.length).toBeGreaterThan(0)
    for (const id of scans) {
      const p = predictionsOfScan(id)
      expect(p.n).toBe(p.distinct_)
      expect(p.n).toBeGreaterThan(0)
    }
  })
})
