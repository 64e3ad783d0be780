import type { HistoryFilter, HistoryRow } from '../../../shared/types/scan'
import type { Store } from '../db/store'
import { historyCount, historyRows, type HistoryQuery } from '../db/queries/history'

/**
 * The prediction history: every file every scan saw, with its prediction and the current review of its content.
 * Filtering, sorting and paging are SQL on indexes (db/queries/history.ts).
 */
export { explainHistory, folderRange, type HistoryQuery, type HistorySort } from '../db/queries/history'

/** History rows in the order the scans recorded them. */
export function queryHistory(store: Store, f: HistoryFilter = {}): Promise<HistoryRow[]> {
  return historyRows(store, f)
}

/** One page of the History and how many rows match in all (for the pager). */
export async function queryHistoryPage(
  store: Store,
  q: HistoryQuery
): Promise<{ rows: HistoryRow[]; total: number }> {
  const [rows, total] = await Promise.all([historyRows(store, q), historyCount(store, q)])
  return { rows, total }
}
