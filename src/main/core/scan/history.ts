import type { HistoryFilter, HistoryRow } from '../../../shared/types/scan'
import type { Store } from '../db/store'
import type { HistoryQuery } from '../db/queries/history'
import { historyPage, historyRows, type HistoryPage } from '../db/queries/history-page'

/**
 * The prediction history: every file every scan saw, with its prediction and the current review of its content.
 * Filtering, sorting and paging are SQL on indexes (db/queries/history.ts).
 */
export { folderRange, type HistoryQuery, type HistorySort } from '../db/queries/history'
export { COUNT_AHEAD, explainHistory, type HistoryPage } from '../db/queries/history-page'

/** History rows in the order the scans recorded them. */
export function queryHistory(store: Store, f: HistoryFilter = {}): Promise<HistoryRow[]> {
  return historyRows(store, f)
}

/**
 * One page of the History, how many rows match (exact, or a lower bound a little past the page) and the cursor of
 * the next page.
 */
export async function queryHistoryPage(store: Store, q: HistoryQuery): Promise<HistoryPage> {
  return historyPage(store, q)
}
