import type { Store } from '../../src/main/core/db/store'

/** One scanned content as a test of the review log needs it: a scan, a prediction and the scan item. */
export interface SeededCell {
  sha256: string
  path: string
  predicted: string
  modelId?: string
  flagged?: boolean
  classes?: string[]
}

/**
 * Stores one scan of `cells` on either engine, as rows (the scan store's own functions are the scans domain's):
 * what a review needs first, a prediction of the content. Returns the scan id and each prediction's id.
 */
export async function seedScan(
  store: Store,
  cells: readonly SeededCell[],
  modelId = cells[0]?.modelId ?? 'm1'
): Promise<{ scanId: number; predictionIds: number[] }> {
  const now = new Date().toISOString()
  const scan = await store.k
    .insertInto('scans')
    .values({
      folder: '/cells',
      recursive: 0,
      model_id: modelId,
      tta: 0,
      flag_threshold: 0.8,
      status: 'done',
      started_at: now
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const predictionIds: number[] = []
  for (const c of cells) {
    const classes = c.classes ?? ['ALL', 'HEM']
    const probabilities = classes.map((k) => (k === c.predicted ? 0.7 : 0.3 / (classes.length - 1)))
    const p = await store.k
      .insertInto('predictions')
      .values({
        sha256: c.sha256,
        model_id: c.modelId ?? modelId,
        tta: 0,
        classes: JSON.stringify(classes),
        probabilities: JSON.stringify(probabilities),
        predicted: c.predicted,
        confidence: 0.7,
        flagged: c.flagged === false ? 0 : 1,
        backend: 'wasm',
        created_at: now
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    predictionIds.push(p.id)
    await store.k
      .insertInto('scan_items')
      .values({ scan_id: scan.id, path: c.path, sha256: c.sha256, prediction_id: p.id, created_at: now })
      .execute()
  }
  return { scanId: scan.id, predictionIds }
}
