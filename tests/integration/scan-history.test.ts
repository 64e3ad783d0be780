import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import { explainHistory, folderRange, queryHistory } from '../../src/main/core/scan/history'
import {
  createScan,
  finishScan,
  findResumableScan,
  recordScanItems,
  scannedPaths,
  type NewPrediction
} from '../../src/main/core/scan/store'
import { reviewOn } from '../helpers/review-on'
import { useTmpDirs } from '../helpers/tmp'
import { storeOf } from '../helpers/scan-store'

const sha = (i: number): string => i.toString(16).padStart(64, '0')

function pred(i: number, modelId: string, predicted: 'ALL' | 'HEM', confidence: number): NewPrediction {
  const pAll = predicted === 'ALL' ? confidence : 1 - confidence
  return {
    sha256: sha(i),
    modelId,
    classes: ['ALL', 'HEM'],
    probabilities: [pAll, 1 - pAll],
    predicted,
    confidence,
    flagged: confidence < 0.8,
    tta: false,
    backend: 'wasm'
  }
}

/** Two scans by two models over two folders; timestamps rewritten so date filters have something to cut. */
async function fill(db: Database): Promise<void> {
  const s1 = await createScan(storeOf(db).k, {
    folder: '/lab/day1',
    recursive: false,
    modelId: 'm1',
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  })
  await recordScanItems(storeOf(db).k, s1.id, [
    { path: '/lab/day1/a.png', sha256: sha(1), prediction: pred(1, 'm1', 'ALL', 0.95) },
    { path: '/lab/day1/b.png', sha256: sha(2), prediction: pred(2, 'm1', 'HEM', 0.7) },
    { path: '/lab/day1/broken.png', sha256: null, error: 'not an image' }
  ])
  await finishScan(storeOf(db).k, s1.id, 'done')
  db.prepare("UPDATE predictions SET created_at = '2026-11-20T09:00:00.000Z'").run()
  const s2 = await createScan(storeOf(db).k, {
    folder: '/lab/day10',
    recursive: true,
    modelId: 'm2',
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  })
  await recordScanItems(storeOf(db).k, s2.id, [
    { path: '/lab/day10/c.png', sha256: sha(3), prediction: pred(3, 'm2', 'ALL', 0.6) },
    { path: '/lab/day10/sub/d.png', sha256: sha(4), prediction: pred(4, 'm2', 'HEM', 0.99) }
  ])
  db.prepare("UPDATE predictions SET created_at = '2026-11-24T15:30:00.000Z' WHERE model_id = 'm2'").run()
  await reviewOn(db, { sha256: sha(2), label: 'ALL', reviewer: 'ana' })
}

describe('prediction history', () => {
  const tmp = useTmpDirs()

  it('filters by date range, folder, class, model, flagged, reviewed and scan', async () => {
    const db = openDatabase(join(tmp(), 'h.db'))
    await fill(db)
    const paths = async (f: Parameters<typeof queryHistory>[1]) =>
      (await queryHistory(storeOf(db), f)).map((r) => r.path)
    expect(await paths({})).toEqual([
      '/lab/day1/a.png',
      '/lab/day1/b.png',
      '/lab/day10/c.png',
      '/lab/day10/sub/d.png'
    ])
    expect(await paths({ from: '2026-11-21' })).toEqual(['/lab/day10/c.png', '/lab/day10/sub/d.png'])
    expect(await paths({ to: '2026-11-20' })).toEqual(['/lab/day1/a.png', '/lab/day1/b.png'])
    expect(await paths({ from: '2026-11-24T15:30:00Z', to: '2026-11-24T15:30:00Z' })).toHaveLength(2)
    // '/lab/day1' must not match '/lab/day10'.
    expect(await paths({ folder: '/lab/day1' })).toEqual(['/lab/day1/a.png', '/lab/day1/b.png'])
    expect(await paths({ folder: '/lab/day10/' })).toEqual(['/lab/day10/c.png', '/lab/day10/sub/d.png'])
    expect(await paths({ predicted: 'HEM' })).toEqual(['/lab/day1/b.png', '/lab/day10/sub/d.png'])
    expect(await paths({ modelId: 'm2', flagged: true })).toEqual(['/lab/day10/c.png'])
    expect(await paths({ reviewed: true })).toEqual(['/lab/day1/b.png'])
    expect(await paths({ reviewed: false, flagged: true })).toEqual(['/lab/day10/c.png'])
    expect(await paths({ scanId: 1, limit: 1 })).toEqual(['/lab/day1/a.png'])
    const b = (await queryHistory(storeOf(db), { reviewed: true }))[0]
    expect(b.review).toMatchObject({ label: 'ALL', reviewer: 'ana' })
    expect(b.prediction).toMatchObject({
      predicted: 'HEM',
      flagged: true,
      modelId: 'm1',
      classes: ['ALL', 'HEM']
    })
    await expect(queryHistory(storeOf(db), { from: 'yesterday' })).rejects.toThrow(/--from: not a date/)
    db.close()
  })

  it('plans the hot queries on indexes, not full scans of the big tables', async () => {
    const db = openDatabase(join(tmp(), 'plan.db'))
    await fill(db)
    const hot = [
      { scanId: 1 },
      { folder: '/lab/day1' },
      { from: '2026-11-21', to: '2026-11-25' },
      { reviewed: true, scanId: 2 },
      { modelId: 'm1', predicted: 'ALL' }
    ]
    for (const f of hot) {
      const plan = (await explainHistory(storeOf(db), f)).join('\n')
      expect(plan, JSON.stringify(f)).not.toMatch(
        /SCAN (i|p|r|scan_items|predictions|review_log)\b(?! USING)/
      )
      expect(plan, JSON.stringify(f)).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/)
    }
    // The unfiltered listing does walk every item: proof that the check above can see a full scan.
    expect((await explainHistory(storeOf(db), {})).join('\n')).toMatch(/SCAN i\b(?! USING)/)
    // The current review of each listed row is one index probe, not a scan of the log.
    expect((await explainHistory(storeOf(db), {}, 'details')).join('\n')).toMatch(
      /review_log USING (COVERING )?INDEX review_log_by_content/
    )
    db.close()
  })

  it('computes a folder range that excludes sibling folders sharing a prefix', () => {
    const [lo, hi] = folderRange('/lab/day1')
    expect('/lab/day1/x.png' >= lo && '/lab/day1/x.png' < hi).toBe(true)
    expect('/lab/day10/x.png' >= lo && '/lab/day10/x.png' < hi).toBe(false)
  })

  it('resumes an interrupted scan of the same folder and options, and not a finished one', async () => {
    const db = openDatabase(join(tmp(), 'resume.db'))
    const opts = { folder: '/lab/x', recursive: false, modelId: 'm1', tta: false }
    const s = await createScan(storeOf(db).k, { ...opts, flagThreshold: 0.8, backend: 'wasm' })
    await recordScanItems(storeOf(db).k, s.id, [
      { path: '/lab/x/a.png', sha256: sha(9), prediction: pred(9, 'm1', 'ALL', 0.9) }
    ])
    // Pretend the scan belonged to a process that is gone (pid 0 is never a live scan).
    db.prepare('UPDATE scans SET pid = NULL WHERE id = ?').run(s.id)
    expect(await findResumableScan(storeOf(db), storeOf(db).k, { ...opts, tta: true })).toBeUndefined()
    const again = await findResumableScan(storeOf(db), storeOf(db).k, opts)
    expect(again?.id).toBe(s.id)
    expect([...(await scannedPaths(storeOf(db).k, s.id))]).toEqual(['/lab/x/a.png'])
    await finishScan(storeOf(db).k, s.id, 'done')
    expect(await findResumableScan(storeOf(db), storeOf(db).k, opts)).toBeUndefined()
    db.close()
  })
})
