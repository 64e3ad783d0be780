import type { Migration } from '../migration'

/**
 * The History's sort indexes end in the prediction's id (the path index in the item's), so that a page after a
 * cursor is one range of an index: every History order breaks ties by that id (db/queries/history-keyset.ts), and
 * a keyset page asks for the rows after `(created_at, id)`, `(confidence, id)` or `(path, id)`.
 *
 * SQLite needs no change: an index of a rowid table already ends in the rowid, which is the id. PostgreSQL's
 * indexes end where they are declared: without the id, a page that starts among rows of equal time (a whole scan
 * stored in one transaction shares one) would read every row of that time before the cursor and sort them.
 *
 * PostgreSQL also gets the paths in character order (`text_pattern_ops`): a folder filter there is a LIKE on the
 * folder's prefix (its collation's order is not a folder's, see db/queries/history.ts), which such an index reads
 * as one range instead of checking trigram candidates.
 */
const WITH_ID: readonly [name: string, table: string, columns: string][] = [
  ['predictions_by_time', 'predictions', 'created_at, id'],
  ['predictions_by_class_time', 'predictions', 'predicted, created_at, id'],
  ['predictions_by_flag_time', 'predictions', 'flagged, created_at, id'],
  ['predictions_by_model_time', 'predictions', 'model_id, created_at, id'],
  ['predictions_by_confidence', 'predictions', 'confidence, id'],
  ['predictions_by_class_confidence', 'predictions', 'predicted, confidence, id'],
  ['predictions_by_flag_confidence', 'predictions', 'flagged, confidence, id'],
  ['predictions_by_model_confidence', 'predictions', 'model_id, confidence, id'],
  ['scan_items_by_path', 'scan_items', 'path, id']
]

export const migration017: Migration = {
  version: 17,
  name: 'history-keys',
  up() {
    // Nothing to do on SQLite (see above); the version still advances, so both engines keep one history.
  },
  postgres: [
    ...WITH_ID.map(
      ([name, table, columns]) => `DROP INDEX ${name};\nCREATE INDEX ${name} ON ${table} (${columns});`
    ),
    'CREATE INDEX scan_items_by_path_prefix ON scan_items (path text_pattern_ops);'
  ].join('\n')
}
