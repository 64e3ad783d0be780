import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tf } from '../../src/main/core/engine/tf'
import { getScan, unreadableFiles } from '../../src/main/core/scan/store'
import type { BackendChoice, PredictionView } from '../../src/shared/contract'
import { explainToFiles } from '../../src/main/services/scanning'
import { unfamiliarReasons } from '../../src/shared/flag-reasons'
import { serviceHarness, type ServiceHarness } from '../helpers/services'
import { sharedPath } from '../helpers/shared'
import { ariaFiles, copyInto, trainedSetup } from './scan-model.fixture'
import { storeOf } from '../helpers/scan-store'

/**
 * A quick check stores what a folder scan stores (issue 6): its probabilities come from the scan pipeline — the
 * fastest extraction backend (ONNX Runtime here when it serves the backbone) plus the head — not from the TF.js
 * Grad-CAM pass, which only draws the heatmap. Two copies of one trained data folder: the quick check runs in one,
 * the folder scan of the same files in the other, so neither reuses the other's results or stored features.
 */
describe("the app's quick:check call (service layer, contract-checked)", () => {
  // One folder for the whole file (the trained model is shared by the cases), removed at the end.
  let root = ''
  let quick: ServiceHarness
  let folder: ServiceHarness
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leukolens-test-'))
    const setup = await trainedSetup(root)
    setup.db.close()
    cpSync(join(root, 'data'), join(root, 'data-copy'), { recursive: true })
    quick = serviceHarness(join(root, 'data'))
    folder = serviceHarness(join(root, 'data-copy'))
  }, 600_000)
  afterAll(() => {
    quick?.close()
    folder?.close()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  const scanRows = async (h: ServiceHarness, scanId: number): Promise<Map<string, PredictionView>> =>
    new Map((await h.call('predictions:query', { scanId, limit: 1000 })).rows.map((r) => [r.sha256, r]))

  // 'auto' takes the fastest backend available (onnxruntime where it loads); 'wasm' is what the tests force elsewhere.
  it.each<[BackendChoice, number]>([
    ['auto', 40],
    ['wasm', 44]
  ])(
    "with the backend setting %s, stores the folder scan's probabilities and backend",
    async (backend, skip) => {
      for (const h of [quick, folder]) await h.call('settings:set', { backend })
      // Images the model was not trained on (their features are not stored: the extraction backend computes them).
      const [hem, all] = [ariaFiles('Benign', 1, skip)[0], ariaFiles('Early', 1, skip)[0]]
      const picked = copyInto(join(root, `picked-${backend}`), [hem, all])
      const twin = join(root, `picked-${backend}`, 'same-content.jpg')
      cpSync(picked[0], twin)
      const bad = join(root, `picked-${backend}`, 'notes.bmp')
      writeFileSync(bad, 'not an image')
      const missing = join(root, `picked-${backend}`, 'gone.bmp')

      const items = await quick.call('quick:check', {
        jobId: `q-${backend}`,
        paths: [picked[0], bad, picked[1], missing, twin]
      })

      // One item per picked path, in order; bad files named with their reason, the others still checked.
      expect(items).toHaveLength(5)
      expect(items[1]).toMatchObject({
        prediction: null,
        error: expect.stringMatching(new RegExp(`^${bad}: .+`))
      })
      expect(items[3]).toEqual({ prediction: null, error: `${missing}: cannot read file (ENOENT)` })
      const good = [items[0], items[2], items[4]]
      for (const it of good) {
        expect(it.prediction).not.toBeNull()
        expect(existsSync(it.gradcam!.overlayPath)).toBe(true)
        expect(it.gradcam!.className).toBe(it.prediction!.prediction.predicted)
      }
      // The same content picked twice is computed once.
      expect(items[4].prediction!.prediction.id).toBe(items[0].prediction!.prediction.id)
      const scanId = items[0].prediction!.scanId
      expect(await getScan(storeOf(quick.db).k, scanId)).toMatchObject({
        status: 'done',
        kind: 'quick',
        folder: join(root, `picked-${backend}`)
      })
      // The bad file is recorded in the history's scan with its reason.
      expect((await unreadableFiles(storeOf(quick.db).k, scanId)).map((u) => u.path)).toEqual(
        [bad, missing].sort()
      )

      // The same two files scanned as a folder in the other copy of the data folder.
      copyInto(join(root, `folder-${backend}`), [hem, all])
      const scan = await folder.call('scan:start', {
        jobId: `s-${backend}`,
        folder: join(root, `folder-${backend}`)
      })
      const scanned = await scanRows(folder, scan.scan.id)
      expect(scanned.size).toBe(2)
      for (const it of [items[0], items[2]]) {
        const q = it.prediction!.prediction
        const s = scanned.get(q.sha256)!.prediction
        expect(q.backend).toBe(s.backend)
        if (backend === 'wasm') expect(q.backend).toBe('wasm')
        expect(q.classes).toEqual(s.classes)
        expect(q.predicted).toBe(s.predicted)
        expect(q.flagged).toBe(s.flagged)
        expect(q.confidence).toBeCloseTo(s.confidence, 6)
        q.probabilities.forEach((p, k) => expect(Math.abs(p - s.probabilities[k])).toBeLessThan(1e-6))
      }

      // Leak check: with the Grad-CAM model now open for this setting, another check leaves no tensors behind.
      const tensorsBefore = tf.memory().numTensors
      await quick.call('quick:check', { jobId: `q2-${backend}`, paths: [picked[1]] })
      expect(tf.memory().numTensors).toBe(tensorsBefore)
    },
    600_000
  )

  it('says when a picked image is unlike the training data, and why, beside its answer and before the heatmap', async () => {
    await quick.call('settings:set', { backend: 'wasm' })
    const cnmc = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/all')
    const [bmp, jpg] = copyInto(join(root, 'odd'), [
      join(cnmc, readdirSync(cnmc).sort()[0]),
      ariaFiles('Early', 1, 60)[0]
    ])
    const [odd, cell] = await quick.call('quick:check', { jobId: 'q-odd', paths: [bmp, jpg] })
    // A 450×450 BMP on black, for a model trained on 224×224 Aria JPEGs: the image checks name what differs.
    expect(odd.prediction!.prediction.ood).toBe(true)
    expect(odd.unfamiliar).toEqual(expect.arrayContaining(['format bmp (trained on jpeg)']))
    expect(odd.unfamiliar!.some((r) => r.startsWith('size 450×450'))).toBe(true)
    // Whatever the other one is, the warning is the stored prediction's own unfamiliar reasons.
    expect(cell.unfamiliar).toEqual(unfamiliarReasons(cell.prediction!.prediction.flagReason))
    expect(cell.unfamiliar!.length > 0).toBe(cell.prediction!.prediction.ood)

    // `explain` (the command line's Grad-CAM) runs the same checks on its own forward pass.
    const out = { heatmap: join(root, 'odd-h.png'), overlay: join(root, 'odd-o.png') }
    const ex = await explainToFiles(quick.ctx, { path: bmp, out })
    expect(ex.unfamiliar).toEqual(expect.arrayContaining(['format bmp (trained on jpeg)']))
    expect(ex.unfamiliar!.some((r) => r.startsWith('unlike the training images'))).toBe(
      odd.prediction!.prediction.flagReason!.includes('unlike the training images')
    )
  }, 600_000)

  it('stops when cancelled: nothing computed is lost, the rest is named as not checked', async () => {
    await quick.call('settings:set', { backend: 'wasm' })
    const files = copyInto(join(root, 'cancel'), [
      ariaFiles('Benign', 1, 50)[0],
      ariaFiles('Early', 1, 50)[0]
    ])
    const jobId = 'q-cancel'
    // Cancel as soon as the scan stage reports its first progress (before any batch is sent to the workers).
    quick.onEvent((name, payload) => {
      const p = payload as { jobId: string; progress: { phase: string } }
      if (name === 'job:progress' && p.jobId === jobId && p.progress.phase === 'checking')
        quick.ctx.jobs.cancel(jobId)
    })
    const items = await quick.call('quick:check', { jobId, paths: files })
    expect(items).toEqual(files.map((f) => ({ prediction: null, error: `${f}: not checked (cancelled)` })))
    const last = (await quick.call('scans:list'))[0]
    expect(last).toMatchObject({ kind: 'quick', status: 'cancelled' })
  }, 600_000)
})
