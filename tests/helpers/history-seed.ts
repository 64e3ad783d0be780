import type { Database } from 'better-sqlite3'
import { Prng } from '../../src/main/core/engine/training/prng'
import { entryHash, GENESIS_HASH } from '../../src/main/core/review/chain'
import { createScan, finishScan, recordScanItems, type ScanItemResult } from '../../src/main/core/scan/store'

const SCANS = 20
const DAY = 86_400_000

/**
 * Fills `db` with `n` predictions the way scans store them (through the scan store), every 20th file of a later
 * scan also seen as a copy of an earlier content (its prediction reused), then moves each scan's timestamps back so the 20 scans spread over 60 days, as a lab's History would.
 */
export function seedHistory(
  db: Database,
  n: number
): { predictions: number; items: number; reviews: number; scanIds: number[] } {
  const rng = new Prng(20261130)
  const perScan = Math.ceil(n / SCANS)
  const sha = (i: number): string => i.toString(16).padStart(64, '0')
  const scanIds: number[] = []
  let predictions = 0
  let items = 0
  const start = Date.parse('2026-09-01T08:00:00Z')
  for (let s = 0; s < SCANS && predictions < n; s++) {
    const modelId = s < SCANS / 2 ? 'm1' : 'm2'
    const folder = `/lab/day${String(s).padStart(2, '0')}`
    const scan = createScan(db, {
      folder,
      recursive: true,
      modelId,
      tta: false,
      flagThreshold: 0.8,
      backend: 'wasm'
    })
    scanIds.push(scan.id)
    const batch: ScanItemResult[] = []
    for (let f = 0; f < perScan && predictions < n; f++) {
      const path = `${folder}/slide-${f % 7}/cell-${String(f).padStart(5, '0')}.bmp`
      const id = s * perScan + f
      const confidence = 0.5 + 0.5 * Math.sqrt(rng.next())
      const predicted = rng.next() < 0.6 ? 'ALL' : 'HEM'
      const pAll = predicted === 'ALL' ? confidence : 1 - confidence
      batch.push({
        path,
        sha256: sha(id),
        prediction: {
          sha256: sha(id),
          modelId,
          classes: ['ALL', 'HEM'],
          probabilities: [pAll, 1 - pAll],
          predicted,
          confidence,
          flagged: confidence < 0.8,
          tta: false,
          backend: 'wasm'
        }
      })
      predictions++
      if (s > 0 && f % 20 === 0) {
        // A copy of a content an earlier scan already classified: the scan reuses that prediction.
        batch.push({ path: path.replace('.bmp', '-copy.bmp'), sha256: sha(f), predictionId: f + 1 })
        items++
      }
      items++
    }
    recordScanItems(db, scan.id, batch)
    finishScan(db, scan.id, 'done')
    const at = new Date(start + s * 3 * DAY).toISOString()
    db.prepare(
      'UPDATE predictions SET created_at = ? WHERE id IN (SELECT prediction_id FROM scan_items WHERE scan_id = ?) AND created_at > ?'
    ).run(at, scan.id, at)
  }
  let reviews = 0
  let prevHash = GENESIS_HASH
  for (let i = 0; i < predictions; i += 50) {
    const p = db.prepare('SELECT id, sha256, predicted FROM predictions WHERE id = ?').get(i + 1) as
      { id: number; sha256: string; predicted: string } | undefined
    if (!p) continue
    prevHash = seedReview(db, ++reviews, p, prevHash)
  }
  return { predictions, items, reviews, scanIds }
}

/**
 * One review that flips the model's answer, chained as review/log.ts chains it, written synchronously so the seed
 * stays one synchronous fill of the SQLite file (each content is reviewed once: its old label is the prediction).
 */
function seedReview(
  db: Database,
  id: number,
  p: { id: number; sha256: string; predicted: string },
  prevHash: string
): string {
  const row = {
    id,
    sha256: p.sha256,
    prediction_id: p.id,
    old_label: p.predicted,
    new_label: p.predicted === 'ALL' ? 'HEM' : 'ALL',
    note: null,
    reviewer: 'bench',
    created_at: new Date().toISOString()
  }
  const hash = entryHash(row, prevHash)
  db.prepare(
    `INSERT INTO review_log (id, sha256, prediction_id, old_label, new_label, note, reviewer, created_at, prev_hash, hash)
     VALUES (@id, @sha256, @prediction_id, @old_label, @new_label, @note, @reviewer, @created_at, @prev_hash, @hash)`
  ).run({ ...row, prev_hash: prevHash, hash })
  return hash
}
