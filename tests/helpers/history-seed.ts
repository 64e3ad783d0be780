import { Prng } from '../../src/main/core/engine/training/prng'
import { write, type Store } from '../../src/main/core/db/store'
import { entryHash, GENESIS_HASH } from '../../src/main/core/review/chain'
import { createScan, finishScan, recordScanItems, type ScanItemResult } from '../../src/main/core/scan/store'

const SCANS = 20
const DAY = 86_400_000

/**
 * Fills `store` with `n` predictions the way scans store them (through the scan store), every 20th file of a later
 * scan also seen as a copy of an earlier content (its prediction reused), then moves each scan's timestamps back so
 * the 20 scans spread over 60 days, as a lab's History would; every 50th content gets a review (written straight
 * into the review log: the History reads labels, not the chain).
 */
export async function seedHistory(
  store: Store,
  n: number
): Promise<{ predictions: number; items: number; reviews: number; scanIds: number[] }> {
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
    const scan = await createScan(store.k, {
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
    const at = new Date(start + s * 3 * DAY).toISOString()
    await write(store, async (trx) => {
      await recordScanItems(trx, scan.id, batch)
      await finishScan(trx, scan.id, 'done')
      await trx
        .updateTable('predictions')
        .set({ created_at: at })
        .where('id', 'in', (eb) =>
          eb.selectFrom('scan_items').select('prediction_id').where('scan_id', '=', scan.id)
        )
        .where('created_at', '>', at)
        .execute()
    })
  }
  let reviews = 0
  const reviewed = await store.k
    .selectFrom('predictions')
    .select(['id', 'sha256', 'predicted'])
    .where(
      'id',
      'in',
      Array.from({ length: Math.ceil(predictions / 50) }, (_, k) => 50 * k + 1)
    )
    .orderBy('id')
    .execute()
  const reviewedAt = new Date(start + 61 * DAY).toISOString()
  let prevHash = GENESIS_HASH
  for (const p of reviewed) prevHash = await seedReview(store, ++reviews, p, reviewedAt, prevHash)
  return { predictions, items, reviews, scanIds }
}

/**
 * One review that flips the model's answer, chained as review/log.ts chains it (each content is reviewed once: its
 * old label is the prediction).
 */
async function seedReview(
  store: Store,
  id: number,
  p: { id: number; sha256: string; predicted: string },
  at: string,
  prevHash: string
): Promise<string> {
  const row = {
    id,
    sha256: p.sha256,
    prediction_id: p.id,
    old_label: p.predicted,
    new_label: p.predicted === 'ALL' ? 'HEM' : 'ALL',
    note: null,
    reviewer: 'bench',
    created_at: at
  }
  const hash = entryHash(row, prevHash)
  await store.k
    .insertInto('review_log')
    .values({ ...row, prev_hash: prevHash, hash })
    .execute()
  return hash
}
