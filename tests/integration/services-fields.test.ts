import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCellsInFile } from '../../src/main/core/cells/field-file'
import { createImageGuard } from '../../src/main/services/image-roots'
import type { CallResponse } from '../../src/shared/contract'
import { serviceHarness, type ServiceHarness } from '../helpers/services'
import { sharedPath } from '../helpers/shared'
import { trainedSetup } from './scan-model.fixture'

/**
 * The app's whole-field calls through the dispatcher (contract-checked): the scan screen's "whole fields"
 * switch runs the `scan --fields` service; `scan:fields` gives each field's boxes in the field's own pixels and
 * per-sample counts that follow reviews; the crops and fields are viewable through the image guard; the report
 * carries the sample id, operator, per-sample counts and a sign-off line.
 */
describe("the app's whole-field calls (service layer, contract-checked)", () => {
  let root = ''
  let h: ServiceHarness
  let folder = ''
  let scan: CallResponse<'scan:start'>
  const FIELDS = ['00001', '00002', '00010']
  let blank = ''

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leukolens-fields-app-'))
    const setup = await trainedSetup(root)
    setup.db.close()
    h = serviceHarness(join(root, 'data'))
    await h.call('settings:set', { backend: 'wasm' })
    folder = join(root, 'smear-42')
    mkdirSync(folder)
    blank = join(folder, 'blank.jpg')
    for (const n of FIELDS)
      copyFileSync(
        sharedPath(`data/bccd-fields/JPEGImages/BloodImage_${n}.jpg`),
        join(folder, `BloodImage_${n}.jpg`)
      )
    writeFileSync(join(folder, 'broken.jpg'), 'not a field')
    // A field of plasma alone: no white cell to find. It must stay in the stored scan (the Fields view shows it).
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 226, g: 200, b: 205 } } })
      .jpeg()
      .toFile(blank)
    scan = await h.call('scan:start', { jobId: 'fields-1', folder, fields: true })
  }, 600_000)

  afterAll(() => {
    h?.close()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  it('scan:start with fields finds and classifies every cell, naming the unreadable field', async () => {
    expect(scan.fields).toEqual({ fields: 5, withoutCells: [blank] })
    expect(scan.unreadable.map((u) => u.path)).toEqual([join(folder, 'broken.jpg')])
    expect(scan.scan.cells).toBeGreaterThanOrEqual(FIELDS.length)
    // Each cell is one classified crop; the list of scans says how many cells the scan found.
    expect(scan.scan.files - scan.scan.unreadable).toBe(scan.scan.cells)
    // A folder scan (not a quick check of picked files), listed with how many cells it found.
    expect(scan.scan).toMatchObject({ kind: 'scan', folder })
    const listed = (await h.call('scans:list')).find((s) => s.id === scan.scan.id)
    expect(listed?.cells).toBe(scan.scan.cells)
  })

  it("scan:fields gives each field's size and its cells' boxes in the field's own pixels", async () => {
    const view = await h.call('scan:fields', { scanId: scan.scan.id })
    // Every field read, in path order, the one without a white cell too (no box on it).
    expect(view.fields.map((f) => f.path)).toEqual([
      ...FIELDS.map((n) => join(folder, `BloodImage_${n}.jpg`)),
      blank
    ])
    expect(view.fields.at(-1)!.cells).toEqual([])
    const rows = (await h.call('predictions:query', { scanId: scan.scan.id, limit: 1000 })).rows
    const rowPaths = new Set(rows.map((r) => r.path))
    for (const f of view.fields) {
      expect([f.width, f.height, f.missing]).toEqual([640, 480, undefined])
      // The same boxes the finder gives on the original field: field pixels, not crop or display pixels.
      const found = await findCellsInFile(f.path)
      expect(f.cells.map((c) => [c.cell, c.x, c.y, c.width, c.height])).toEqual(
        found.cells.map((c, i) => [i + 1, c.x, c.y, c.width, c.height])
      )
      for (const c of f.cells) {
        // History and the grid name the cell by its field and number.
        expect(rows.find((r) => r.path === c.cropPath)?.field).toEqual({ path: f.path, cell: c.cell })
        expect(c.x + c.width).toBeLessThanOrEqual(f.width)
        expect(c.y + c.height).toBeLessThanOrEqual(f.height)
        expect(rowPaths.has(c.cropPath)).toBe(true)
      }
    }
    expect(view.fields.flatMap((f) => f.cells)).toHaveLength(scan.scan.cells)
  })

  it('per-sample counts match the rows, keep unfamiliar cells apart, withhold the sample, and follow a review', async () => {
    const counts = async () => (await h.call('scan:fields', { scanId: scan.scan.id })).samples
    const rows = (await h.call('predictions:query', { scanId: scan.scan.id, limit: 1000 })).rows
    const [before] = await counts()
    expect(before.sample).toBe('smear-42')
    expect(before.fields).toBe(FIELDS.length + 1)
    expect(before.cells).toBe(rows.length)
    expect(before.flagged).toBe(rows.filter((r) => r.prediction.flagged).length)
    expect(before.reviewed).toBe(0)
    const unfamiliar = rows.filter((r) => r.prediction.ood).length
    expect(before.unfamiliar).toBe(unfamiliar)
    expect(before.counted).toBe(rows.length - unfamiliar)
    // BCCD crops look unlike the Aria cells the model was trained on: above the 10% limit, no class percentages.
    expect(unfamiliar / rows.length).toBeGreaterThan(0.1)
    expect(before.withheld).toBe(true)
    expect(before.byClass).toEqual({})
    expect(before.reason).toBe(
      `No result: ${unfamiliar} of ${rows.length} cells are unlike this model's training data`
    )
    // The crops are the tool's own PNGs: never flagged for their format or size.
    for (const r of rows) expect(r.prediction.flagReason ?? '').not.toMatch(/format png|size \d+×\d+/)

    // With the limit raised to 100% the counts come back, made of the familiar cells only.
    expect((await h.call('settings:set', { unfamiliarLimit: 1 })).unfamiliarLimit).toBe(1)
    const [loose] = await counts()
    expect(loose.withheld).toBe(false)
    for (const [c, p] of Object.entries(loose.byClass))
      expect(p.count).toBe(rows.filter((r) => !r.prediction.ood && r.prediction.predicted === c).length)
    await h.call('settings:set', { unfamiliarLimit: 0.1 })

    // A review counts as one: the cell is reviewed, and no longer waits among the flagged ones.
    await h.call('settings:set', { reviewer: 'Dr Fields' })
    const r = rows[0]
    const other = r.prediction.classes.find((c) => c !== r.prediction.predicted)!
    await h.call('review:submit', { sha256: r.sha256, predictionId: r.prediction.id, label: other })
    const [after] = await counts()
    expect(after.reviewed).toBe(1)
    expect(after.flaggedUnreviewed).toBe(before.flaggedUnreviewed - (r.prediction.flagged ? 1 : 0))
    const result = await h.call('scan:result', { scanId: scan.scan.id, sampleId: 'S-1' })
    expect(result.samples?.[0].sample).toBe('S-1')
    expect(result.signOff.possible).toBe(false)
    expect(result.signOff.reasons).toEqual([
      before.reason,
      `${after.flaggedUnreviewed} of ${after.flagged} flagged cells are not reviewed yet`
    ])
  })

  it("counts a field scan's differential: every cell in its field's sample, a reviewed one counted", async () => {
    const rows = (await h.call('predictions:query', { scanId: scan.scan.id, limit: 1000 })).rows
    const views = await h.call('sample:differential', { scanId: scan.scan.id })
    expect(views.map((v) => v.sample)).toEqual(['smear-42'])
    const [v] = views
    expect(v.cells).toBe(rows.length)
    // The earlier test reviewed one cell: a person's class, so it counts.
    expect(v.counted).toBe(rows.filter((r) => r.review).length)
    expect(v.counted).toBeGreaterThanOrEqual(1)
    // Home's list of the day's samples shows it too.
    const work = await h.call('sample:list', {})
    expect(work.find((w) => w.scanId === scan.scan.id)?.cells).toBe(rows.length)
  })

  it('shows fields and crops through the image guard, and nothing beside them', async () => {
    const view = await h.call('scan:fields', { scanId: scan.scan.id })
    const guard = await createImageGuard(h.ctx)
    expect(await guard.check(view.fields[0].path)).toBe(view.fields[0].path)
    const crop = view.fields[0].cells[0].cropPath
    expect(await guard.check(crop)).toBe(crop)
    await expect(guard.check(h.dirs.db)).rejects.toThrow(/not available/)
    await expect(guard.check(join(folder, 'gone.jpg'))).rejects.toThrow(/not available/)
  })

  it('scan:fields refuses a bad or unknown scan id in one sentence', async () => {
    await expect(h.call('scan:fields', { scanId: 0 })).rejects.toThrow(/scan:fields\.scanId: must be ≥ 1/)
    await expect(h.call('scan:fields', { scanId: 999 })).rejects.toThrow(/no scan with id 999/)
  })

  it('report:write heads the report with sample id, operator and date, and adds the counts and a sign-off', async () => {
    const file = join(root, 'report.html')
    await h.call('report:write', {
      scanId: scan.scan.id,
      saveToken: h.ctx.saveTargets.issue(file), // what the save dialog gives
      sampleId: 'S-2026-0042',
      operator: 'A. Tech'
    })
    const html = readFileSync(file, 'utf8')
    expect(html).toContain('Leukolens sample report')
    expect(html).toMatch(/<th>Sample id<\/th><td>S-2026-0042<\/td>/)
    expect(html).toMatch(/<th>Operator<\/th><td>A\. Tech<\/td>/)
    expect(html).toMatch(/<th>Date<\/th><td>\d{4}-\d{2}-\d{2}<\/td>/)
    expect(html).toContain('Per-sample counts')
    // The three fields with cells and the blank one (the unreadable file is not a field); the folder's own
    // sample goes by the sample id given.
    expect(html).toMatch(
      /Sample <b>S-2026-0042<\/b>: 4 fields,\s+\d+ cells found, \d+ unfamiliar, \d+ flagged, 1 reviewed/
    )
    // Too many unfamiliar cells: no class percentages, said at the top, and no line to sign.
    expect(html).toMatch(
      /<p class="nores"><b>No result: \d+ of \d+ cells are unlike this model&#39;s training data<\/b>/
    )
    expect(html).toMatch(/Unfamiliar: <b>\d+ of \d+<\/b> cells are unlike/)
    expect(html).not.toMatch(/95% CI \(Wilson\)/)
    expect(html).not.toContain('Signed off by:')
    expect(html).toMatch(/Sign-off not possible: No result: \d+ of \d+ cells are unlike/)
    // Each flag names its reason.
    expect(html).toMatch(/<div class="why">unfamiliar: unlike the training images \(score/)
    expect(html).not.toContain('confidence below 0.')
    // Flagged cells (all of them here: whole-field crops look unlike the Aria cells the model was trained on)
    // are named by field and number, not by their crop file in the data folder.
    expect(html).toMatch(/<h2>Flagged images<\/h2><div class="grid">/)
    expect(html).toMatch(/<h2>All flagged images \(\d+\)<\/h2>/)
    expect(html).toMatch(/cell \d+ of [^<]*smear-42\/BloodImage_000\d\d\.jpg/)
    expect(html).not.toMatch(/<div class="path">[^<]*cell-\d{3}-/)

    // Defaults: the scanned folder's name and the reviewer in force.
    const plain = join(root, 'report-defaults.html')
    await h.call('report:write', { scanId: scan.scan.id, saveToken: h.ctx.saveTargets.issue(plain) })
    const d = readFileSync(plain, 'utf8')
    expect(d).toMatch(/<th>Sample id<\/th><td>smear-42<\/td>/)
    expect(d).toMatch(/<th>Operator<\/th><td>Dr Fields<\/td>/)
    expect(d).toMatch(/Sample <b>smear-42<\/b>: 4 fields/)
  })
})
