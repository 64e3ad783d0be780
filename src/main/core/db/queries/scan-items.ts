import { type Insertable } from 'kysely'
import type { Predictions } from '../schema'
import type { Prediction } from '../../../../shared/types/scan'
import type { Queries } from '../store'

/**
 * What a scan writes for its finished files: new predictions and the scan's items (a file → its prediction, or the
 * reason it could not be read), a few hundred rows per statement, at most once per path of a scan.
 */
export type NewPrediction = Omit<Prediction, 'id' | 'scannedAt'>

/** One finished file of a scan: either a prediction (new or reused by id) or the reason it could not be read. */
export type ScanItemResult =
  | { path: string; sha256: string; prediction: NewPrediction; duplicates?: readonly string[] }
  | { path: string; sha256: string; predictionId: number }
  | { path: string; sha256: string | null; error: string }

/** A new prediction as its row (what the queue's once-only recording writes too). */
export function predictionValues(p: NewPrediction, now: string): Insertable<Predictions> {
  return {
    sha256: p.sha256,
    model_id: p.modelId,
    tta: p.tta ? 1 : 0,
    classes: JSON.stringify(p.classes),
    probabilities: JSON.stringify(p.probabilities),
    predicted: p.predicted,
    confidence: p.confidence,
    flagged: p.flagged ? 1 : 0,
    backend: p.backend,
    created_at: now,
    ood_score: p.oodScore ?? null,
    ood: p.ood === undefined || p.ood === null ? null : p.ood ? 1 : 0,
    flag_reason: p.flagReason ?? null
  }
}

/** Rows per statement: far below either engine's limit on bound parameters (13 a prediction, 6 an item). */
const ROWS_PER_STATEMENT = 200

/** The items of this scan already recorded at any of these paths, by path (their prediction id, if any). */
async function recordedAt(
  q: Queries,
  scanId: number,
  paths: readonly string[]
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>()
  for (let i = 0; i < paths.length; i += ROWS_PER_STATEMENT) {
    const rows = await q
      .selectFrom('scan_items')
      .select(['path', 'prediction_id'])
      .where('scan_id', '=', scanId)
      .where('path', 'in', paths.slice(i, i + ROWS_PER_STATEMENT))
      .execute()
    for (const r of rows) out.set(r.path, r.prediction_id)
  }
  return out
}

/**
 * Inserts new predictions, a statement per few hundred; returns their ids in order. The rows come back matched by
 * content hash (a batch holds each content once), never by the order a multi-row INSERT happens to return them in.
 */
async function insertPredictions(
  q: Queries,
  predictions: readonly NewPrediction[],
  now: string
): Promise<number[]> {
  if (new Set(predictions.map((p) => p.sha256)).size < predictions.length) {
    const ids: number[] = []
    for (const p of predictions)
      ids.push(
        (
          await q
            .insertInto('predictions')
            .values(predictionValues(p, now))
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      )
    return ids
  }
  const bySha = new Map<string, number>()
  for (let i = 0; i < predictions.length; i += ROWS_PER_STATEMENT) {
    const rows = await q
      .insertInto('predictions')
      .values(predictions.slice(i, i + ROWS_PER_STATEMENT).map((p) => predictionValues(p, now)))
      .returning(['id', 'sha256'])
      .execute()
    for (const r of rows) bySha.set(r.sha256, r.id)
  }
  return predictions.map((p) => bySha.get(p.sha256)!)
}

/**
 * Writes a batch of finished files (and, through `duplicates`, the other paths of the same content). Run it inside
 * one write transaction (`write` in db/store.ts): a crash loses at most the batch in flight, and no file is ever
 * half-recorded. Each file of a scan is recorded once: a batch done again (a worker killed after its commit, its
 * batch redone by another) keeps what is stored and adds no second prediction, and of two workers writing the same
 * file at once the first one's row stands. Returns the prediction id of each item (undefined for unreadable
 * files).
 */
export async function recordScanItems(
  q: Queries,
  scanId: number,
  items: readonly ScanItemResult[]
): Promise<(number | undefined)[]> {
  return (await recordScanItemsCounted(q, scanId, items)).ids
}

/**
 * `recordScanItems`, also saying what this call added: new predictions (one per new content) and the files they
 * stand for (a queue batch reports both).
 */
export async function recordScanItemsCounted(
  q: Queries,
  scanId: number,
  items: readonly ScanItemResult[]
): Promise<{ ids: (number | undefined)[]; predictions: number; files: number }> {
  const now = new Date().toISOString()
  const known = await recordedAt(
    q,
    scanId,
    items.flatMap((it) => [it.path, ...('prediction' in it ? (it.duplicates ?? []) : [])])
  )
  const fresh = items.filter((it) => !known.has(it.path))
  const computed = fresh.flatMap((it) => ('prediction' in it ? [it] : []))
  const newIds = await insertPredictions(
    q,
    computed.map((it) => it.prediction),
    now
  )
  const idOf = new Map<ScanItemResult, number>(computed.map((it, i) => [it, newIds[i]]))
  const newIdSet = new Set(newIds)
  const rows: { path: string; sha256: string | null; prediction_id: number | null; error: string | null }[] =
    []
  for (const it of fresh) {
    const id = 'prediction' in it ? idOf.get(it)! : 'predictionId' in it ? it.predictionId : null
    rows.push({ path: it.path, sha256: it.sha256, prediction_id: id, error: 'error' in it ? it.error : null })
    // Other files of this scan with the same content share the one prediction.
    if ('prediction' in it)
      for (const dup of it.duplicates ?? [])
        if (!known.has(dup)) rows.push({ path: dup, sha256: it.sha256, prediction_id: id, error: null })
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await q
      .insertInto('scan_items')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ ...r, scan_id: scanId, created_at: now })))
      .onConflict((oc) => oc.columns(['scan_id', 'path']).doNothing())
      .execute()
  const files = rows.filter((r) => r.prediction_id !== null && newIdSet.has(r.prediction_id)).length
  const ids = items.map((it) =>
    known.has(it.path)
      ? (known.get(it.path) ?? undefined)
      : 'prediction' in it
        ? idOf.get(it)
        : 'predictionId' in it
          ? it.predictionId
          : undefined
  )
  return { ids, predictions: computed.length, files }
}
