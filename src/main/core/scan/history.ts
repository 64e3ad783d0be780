import type { Database } from 'better-sqlite3'
import type { HistoryFilter, HistoryRow } from '../../../shared/types/scan'
import { historyCount, historyRows, type HistoryQuery } from '../db/queries/history'

/**
 * The prediction history: every file every scan saw, with its prediction and the current review of its content.
 * Filtering, sorting and paging are SQL on indexes (db/queries/history.ts).
 */
export { explainHistory, folderRange, type HistoryQuery, type HistorySort } from '../db/queries/history'

/** History rows in the order the scans recorded them. */
export function queryHistory(db: Database, f: HistoryFilter = {}): HistoryRow[] {
  return historyRows(db, f)
}

/** One page of the History and how many rows match in all (for the pager). */
export function queryHistoryPage(db: Database, q: HistoryQuery): { rows: HistoryRow[]; total: number } {
  return { rows: historyRows(db, q), total: historyCount(db, q) }
}
