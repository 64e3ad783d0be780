import { describe, expect, it } from 'vitest'
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../src/main/core/db/database'
import { writeScanReport } from '../../src/main/core/report/build'
import { escapeHtml, type ReportModel } from '../../src/main/core/report/html'
import { appendReview } from '../../src/main/core/review/log'
import { sha256File } from '../../src/main/core/scan/files'
import { createScan, finishScan, recordScanItems } from '../../src/main/core/scan/store'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

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
    const scan = createScan(db, {
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
    recordScanItems(db, scan.id, [
      await pred(a, 'ALL', 0.61),
      await pred(bmp, 'HEM', 0.7),
      await pred(c, 'HEM', 0.97),
      { path: join(dir, 'broken.png'), sha256: null, error: 'not an image (unrecognised content)' }
    ])
    finishScan(db, scan.id, 'done')
    appendReview(db, {
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
    const d = await writeScanReport(db, scan.id, model, file)
    const html = readFileSync(file, 'utf8')
    expect(d.files).toBe(4)
    expect(d.flagged).toHaveLength(2)
    expect(d.flagged.every((f) => f.thumbnail?.startsWith('data:image/jpeg;base64,'))).toBe(true)
    expect(html).toContain('@media print')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('m-7')
    expect(html).toContain('accuracy <b>93.3%</b>')
    expect(html).toContain('maximise balanced accuracy')
    expect(html).toMatch(/<th>ALL<\/th><td>1<\/td>/)
    expect(html).toMatch(/<th>HEM<\/th><td>2<\/td>/)
    expect(html).toContain(escapeHtml(a))
    expect(html).not.toContain('cell <b>')
    expect(html).toContain('Dr. &lt;Lee&gt;')
    expect(html).toContain('ALL → <b>HEM</b>')
    expect(html).toContain('not an image (unrecognised content)')
    expect((html.match(/<figure>/g) ?? []).length).toBe(2)

    // A model version deleted from the registry still gets a report, saying so.
    const again = await writeScanReport(db, scan.id, undefined, join(dir, 'r2.html'))
    expect(again.model).toBeUndefined()
    expect(readFileSync(join(dir, 'r2.html'), 'utf8')).toContain('no longer in the registry')
    db.close()
  })
})
