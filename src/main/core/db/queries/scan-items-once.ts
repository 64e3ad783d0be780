import type { Queries } from '../store'
import { recordScanItemsCounted, type ScanItemResult } from './scan-items'

/**
 * A scan's files recorded at most once, on either engine: a batch done twice (its worker died after computing it,
 * or stalled past its lease while another took it over) records only the files no one recorded yet, and makes a
 * prediction only for those. `scan_items` is UNIQUE (scan_id, path), so even a write that slipped past the check
 * could not add a second row for a file. Callers run it inside one write transaction (store.ts `write`),
 * serialised per scan (`lockFor`), so the check and the writes see one state.
 */

/** Rows per INSERT: far below both engines' limit on bound values. */
const ROWS_PER_INSERT = 400

/** Which of these paths the scan has recorded already. */
export async function recordedPaths(
  q: Queries,
  scanId: number,
  paths: readonly string[]
): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < paths.length; i += ROWS_PER_INSERT) {
    const rows = await q
      .selectFrom('scan_items')
      .select('path')
      .where('scan_id', '=', scanId)
      .where('path', 'in', paths.slice(i, i + ROWS_PER_INSERT))
      .execute()
    for (const r of rows) found.add(r.path)
  }
  return found
}

/**
 * Records the items whose path the scan has not recorded yet; returns how many predictions it made (one per new
 * content) and how many files those stand for. The items of one call hold distinct contents (a plan groups files
 * by content), which is how each new prediction's id is matched back to its item.
 */
export async function recordItemsOnce(
  q: Queries,
  scanId: number,
  items: readonly ScanItemResult[]
): Promise<{ predictions: number; files: number }> {
  const { predictions, files } = await recordScanItemsCounted(q, scanId, items)
  return { predictions, files }
}

/** The newest prediction id of each of these contents by this model version (contents without one are absent). */
export async function latestPredictionIds(
  q: Queries,
  sha256s: readonly string[],
  modelId: string,
  tta: boolean
): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  for (let i = 0; i < sha256s.length; i += ROWS_PER_INSERT) {
    const rows = await q
      .selectFrom('predictions')
      .select(['sha256', (eb) => eb.fn.max('id').as('id')])
      .where('sha256', 'in', sha256s.slice(i, i + ROWS_PER_INSERT))
      .where('model_id', '=', modelId)
      .where('tta', '=', tta ? 1 : 0)
      .groupBy('sha256')
      .execute()
    for (const r of rows) found.set(r.sha256, Number(r.id))
  }
  return found
}
