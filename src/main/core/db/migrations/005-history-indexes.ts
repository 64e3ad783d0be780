import type { Migration } from '../migration'

/**
 * History served from SQL, and quick checks told apart by a column instead of a folder-name prefix.
 *
 * - `scans.kind`: `quick` for a check of picked files, `scan` for a folder scan. Quick checks used to be stored
 *   with `folder = 'quick-check:<dir>'` and found with `LIKE`; those rows become `kind = 'quick'` with the bare
 *   folder. A normal scan never resumes a quick check, and a quick check's folder never becomes a viewable root.
 * - Indexes for the History page: each sort order walks an index and stops after one page
 *   (`predictions_by_time` serves `newest` already), and the common filters read a range of an index in that same
 *   order instead of the whole table (tests/integration/history-plan.test.ts checks the plans).
 * - `scan_item_paths`: a trigram index of the items' paths (FTS5, external content kept in step by triggers), so
 *   the History's search for a part of a file name reads the matching items, not every path ever scanned.
 */
export const migration005: Migration = {
  version: 5,
  name: 'history-indexes',
  up(db) {
    db.exec(`
      ALTER TABLE scans ADD COLUMN kind TEXT NOT NULL DEFAULT 'scan' CHECK (kind IN ('scan', 'quick'));
      UPDATE scans SET kind = 'quick', folder = substr(folder, length('quick-check:') + 1)
        WHERE substr(folder, 1, length('quick-check:')) = 'quick-check:';
      CREATE INDEX scans_by_kind ON scans (kind);

      CREATE INDEX predictions_by_confidence ON predictions (confidence);
      CREATE INDEX predictions_by_class_time ON predictions (predicted, created_at);
      CREATE INDEX predictions_by_flag_time ON predictions (flagged, created_at);
      CREATE INDEX predictions_by_model_time ON predictions (model_id, created_at);
      CREATE INDEX predictions_by_class_confidence ON predictions (predicted, confidence);
      CREATE INDEX predictions_by_flag_confidence ON predictions (flagged, confidence);
      CREATE INDEX predictions_by_model_confidence ON predictions (model_id, confidence);
      CREATE INDEX scan_items_by_scan_prediction ON scan_items (scan_id, prediction_id);
      -- The same lookup by content, covering the prediction too (reviewed items reach their prediction from it).
      DROP INDEX scan_items_by_content;
      CREATE INDEX scan_items_by_content ON scan_items (sha256, prediction_id);

      CREATE VIRTUAL TABLE scan_item_paths USING fts5 (path, content = 'scan_items', content_rowid = 'id', tokenize = 'trigram');
      INSERT INTO scan_item_paths (scan_item_paths) VALUES ('rebuild');
      CREATE TRIGGER scan_item_paths_insert AFTER INSERT ON scan_items BEGIN
        INSERT INTO scan_item_paths (rowid, path) VALUES (new.id, new.path);
      END;
      CREATE TRIGGER scan_item_paths_delete AFTER DELETE ON scan_items BEGIN
        INSERT INTO scan_item_paths (scan_item_paths, rowid, path) VALUES ('delete', old.id, old.path);
      END;
      CREATE TRIGGER scan_item_paths_update AFTER UPDATE OF path ON scan_items BEGIN
        INSERT INTO scan_item_paths (scan_item_paths, rowid, path) VALUES ('delete', old.id, old.path);
        INSERT INTO scan_item_paths (rowid, path) VALUES (new.id, new.path);
      END;
    `)
  }
}
