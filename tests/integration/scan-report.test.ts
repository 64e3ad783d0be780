import { describe, expect, it } from 'vitest'
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../src/main/core/db/database'
import { writeScanReport } from '../../src/main/core/report/build'
import { escapeHtml, type ReportModel } from '../../src/main/core/report/html'
import { reviewOn } from '../helpers/review-on'
import { sha256File } from '../../src/main/core/scan/files'
import { createScan, finishScan, recordScanItems } from '../../src/main/core/scan/store'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'
import { dbsOf, storeOf } from '../helpers/scan-store'

/**
 * The printable report from stored rows: real cell files (so thumbnails are real), predictions written by the
 * test (what the report shows is the subject here, not what a model would say).
 */
describe('scan report', () => {
  const tmp = useTmpDirs()

  it('shows the model and its test metrics, counts, flagged images with thumbnails, reviews and unreadable files', async () => {
    const dir = tmp()
    const db = openDatabase(join(dir, 'r.db'))
    const a = join(dir, 'cell <b>&"1".jpg')
    copyFileSync(sharedPath('data/aria-all/Pro/WBC-Malignant-Pro-001.jpg'), a)
    const b = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/hem')
    const { readdirSync } = await import('node:fs')
    const bmp = join(b, readdirSync(b).sort()[0])
    const c = sharedPath('data/aria-all/Benign/WBC-Benign-001.jpg')
    const scan = await createScan(storeOf(db).k, {
      folder: dir,
      recursive: false,
      modelId: 'm-7',
      tta: false,
      flagThreshold: 0.8,
      backend: 'wasm'
    })
    const pred = async (path: string, predicted: string, confidence: number) => ({
      path,
      sha256: await sha256File(path),
      prediction: {
        sha256: await sha256File(path),
        modelId: 'm-7',
        classes: ['ALL', 'HEM'],
        probabilities: predicted === 'ALL' ? [confidence, 1 - confidence] : [1 - confidence, confidence],
        predicted,
        confidence,
        flagged: confidence < 0.8,
        tta: false,
        backend: 'wasm'
      }
    })
    await recordScanItems(storeOf(db).k, scan.id, [
      await pred(a, 'ALL', 0.61),
      await pred(bmp, 'HEM', 0.7),
      await pred(c, 'HEM', 0.97),
      { path: join(dir, 'broken.png'), sha256: null, error: 'not an image (unrecognised content)' }
    ])
    await finishScan(storeOf(db).k, scan.id, 'done')
    await reviewOn(db, {
      sha256: await sha256File(a),
      label: 'HEM',
      reviewer: 'Dr. <Lee>',
      note: 'mature chromatin'
    })
    const model: ReportModel = {
      id: 'm-7',
      name: 'aria mobilenet',
      backbone: 'mobilenet',
      classes: ['ALL', 'HEM'],
      threshold: { positiveClass: 'ALL', value: 0.42, rule: { kind: 'max-balanced-accuracy' } },
      test: {
        classes: ['ALL', 'HEM'],
        confusion: [
          [50, 2],
          [3, 20]
        ],
        perClass: [
          { name: 'ALL', precision: 0.943, recall: 0.962, f1: 0.952, support: 52 },
          { name: 'HEM', precision: 0.909, recall: 0.87, f1: 0.889, support: 23 }
        ],
        accuracy: 0.933,
        weightedF1: 0.933,
        balancedAccuracy: 0.916,
        rocAuc: 0.97,
        count: 75
      }
    }
    const file = join(dir, 'report.html')
    const d = await writeScanReport(dbsOf(db), scan.id, model, 0.1, file)
    const html = readFileSync(file, 'utf8')
    expect(d.files).toBe(4)
    expect(d.flagged).toHaveLength(2)
    expect(d.flagged.every((f) => f.thumbnail?.startsWith('data:image/jpeg;base64,'))).toBe(true)
    expect(html).toContain('@media print')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('m-7')
    expect(html).toContain('accuracy <b>93.3%</b>')
    expect(html).toContain('maximise balanced accuracy')
    // The result goes by the label each image has now: the reviewed ALL counts as HEM.
    expect(html).toMatch(/<th>ALL<\/th><td>0<\/td>/)
    expect(html).toMatch(/<th>HEM<\/th><td>3<\/td><td>100\.0%<\/td>/)
    expect(html).toContain('Unfamiliar: <b>0 of 3</b> images')
    // One flagged image nobody has reviewed: no line to sign yet.
    expect(html).toContain('Sign-off not possible: 1 of 2 flagged cells are not reviewed yet.')
    expect(html).not.toContain('Signed off by:')
    expect(html).toContain(escapeHtml(a))
    expect(html).not.toContain('cell <b>')
    expect(html).toContain('Dr. &lt;Lee&gt;')
    expect(html).toContain('ALL → <b>HEM</b>')
    expect(html).toContain('not an image (unrecognised content)')
    expect((html.match(/<figure>/g) ?? []).length).toBe(2)

    // A model version deleted from the registry still gets a report, saying so.
    const again = await writeScanReport(dbsOf(db), scan.id, undefined, 0.1, join(dir, 'r2.html'))
    expect(again.model).toBeUndefined()
    expect(readFileSync(join(dir, 'r2.html'), 'utf8')).toContain('no longer in the registry')
    db.close()
  })

  it("withholds a result with too many unfamiliar cells, names each flag's reason, lists every flagged image, and lets a finished one be signed", async () => {
    const dir = tmp()
    const db = openDatabase(join(dir, 'r.db'))
    const scan = await createScan(storeOf(db).k, {
      folder: join(dir, 'batch-9'),
      recursive: false,
      modelId: 'm-7',
      tta: false,
      flagThreshold: 0.8,
      backend: 'wasm'
    })
    // 205 files (gone from disk, so no thumbnail is made): 30 unfamiliar (14.6% > 10%), all flagged; of the 175
    // others 100 are ALL. Every one is flagged, so the list goes past the 200 cards.
    const sha = (i: number): string => i.toString(16).padStart(64, '0')
    const items = Array.from({ length: 205 }, (_, i) => {
      const odd = i < 30
      const predicted = odd || i < 130 ? 'ALL' : 'HEM'
      return {
        path: join(dir, 'batch-9', `cell-${i}.jpg`),
        sha256: sha(i),
        prediction: {
          sha256: sha(i),
          modelId: 'm-7',
          classes: ['ALL', 'HEM'],
          probabilities: predicted === 'ALL' ? [0.7, 0.3] : [0.3, 0.7],
          predicted,
          confidence: 0.7,
          flagged: true,
          ood: odd,
          oodScore: odd ? 2 : 0.1,
          flagReason: odd
            ? 'unlike the training images (score 2.0 > 0.6); format bmp (trained on jpeg)'
            : 'confidence 0.70 below 0.80',
          tta: false,
          backend: 'wasm'
        }
      }
    })
    await recordScanItems(storeOf(db).k, scan.id, items)
    await finishScan(storeOf(db).k, scan.id, 'done')
    const model: ReportModel = {
      id: 'm-7',
      classes: ['ALL', 'HEM'],
      validation: { unfamiliar: 0.01, flagged: 0.05 }
    }
    const file = join(dir, 'report.html')
    const d = await writeScanReport(dbsOf(db), scan.id, model, 0.1, file, { sampleId: 'S-9' })
    let html = readFileSync(file, 'utf8')
    expect(d.result).toMatchObject({
      sample: 'S-9',
      cells: 205,
      unfamiliar: 30,
      counted: 175,
      withheld: true
    })
    expect(html).toContain('No result: 30 of 205 cells are unlike this model&#39;s training data')
    expect(html).not.toMatch(/95% CI \(Wilson\)/)
    expect(html).toContain(
      'Flagged for review: <b>205</b> (unfamiliar 30, image check 30, low confidence / near the decision threshold 175)'
    )
    expect(html).toContain(
      '<div class="why">unfamiliar: unlike the training images (score 2.0 &gt; 0.6); image check: format bmp (trained on jpeg)</div>'
    )
    expect(html).toContain('low confidence / near the decision threshold: confidence 0.70 below 0.80')
    // 30 of 205 unfamiliar by the feature score against 1% on validation, all flagged against 5%.
    expect(html).toContain(
      'This batch looks different from the training data: 30 of 205 unfamiliar (14.6%; validation 1.0%, p &lt; 0.0001), 205 of 205 flagged (100.0%; validation 5.0%, p &lt; 0.0001)</b>.'
    )
    expect((html.match(/<figure>/g) ?? []).length).toBe(200)
    expect(html).toContain('<h2>All flagged images (205)</h2>')
    expect(html).toContain('<tr><td>205</td>')
    expect(html).toContain(
      'Sign-off not possible: No result: 30 of 205 cells are unlike this model&#39;s training data; 205 of 205 flagged cells are not reviewed yet.'
    )

    // A 20% limit: a result, from the 175 familiar images only (100 ALL); every flagged image reviewed as the
    // model said: the line to sign is back.
    for (const it of items)
      await reviewOn(db, { sha256: it.sha256, label: it.prediction.predicted, reviewer: 'R' })
    await writeScanReport(dbsOf(db), scan.id, model, 0.2, file, { sampleId: 'S-9' })
    html = readFileSync(file, 'utf8')
    expect(html).toMatch(/<th>ALL<\/th><td>100<\/td><td>57\.1%<\/td>/)
    expect(html).toContain('30 unfamiliar images counted apart')
    expect(html).toContain('Signed off by:')
    expect(html).not.toContain('Sign-off not possible')
    db.close()
  })
})
