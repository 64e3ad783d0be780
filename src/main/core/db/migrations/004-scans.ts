import type { Migration } from '../migration'

/**
 * Scans, predictions, unreadable files and the review audit log (scan issue), plus a small key-value `settings`
 * table (the flag threshold lives there; other domains may use it too).
 *
 * - `predictions` is keyed by image content (sha256) and model version, so a resumed scan finds what was already
 *   computed whatever the file is called now. Every prediction is kept: `--rescan` adds a row, it never replaces.
 * - `scan_items` is what one scan saw: one row per file path, pointing at a prediction or carrying the reason the
 *   file could not be read.
 * - `review_log` is append-only, enforced by the database itself: triggers abort any UPDATE or DELETE, so no code
 *   path (ours or a future one) can rewrite who decided what. The current review of an image is its newest entry.
 * `model_id` is text and not a foreign key: the model registry may delete a version, and its predictions and
 * reviews must outlive it.
 */
export const migration004: Migration = {
  version: 4,
  name: 'scans',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        folder TEXT NOT NULL,
        recursive INTEGER NOT NULL CHECK (recursive IN (0, 1)),
        model_id TEXT NOT NULL,
        tta INTEGER NOT NULL CHECK (tta IN (0, 1)),
        flag_threshold REAL NOT NULL CHECK (flag_threshold >= 0 AND flag_threshold <= 1),
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
        pid INTEGER,
        backend TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX scans_resume ON scans (folder, model_id, status);

      CREATE TABLE predictions (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        model_id TEXT NOT NULL,
        tta INTEGER NOT NULL CHECK (tta IN (0, 1)),
        classes TEXT NOT NULL,
        probabilities TEXT NOT NULL,
        predicted TEXT NOT NULL,
        confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        flagged INTEGER NOT NULL CHECK (flagged IN (0, 1)),
        backend TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX predictions_by_content ON predictions (sha256, model_id, tta);
      CREATE INDEX predictions_by_time ON predictions (created_at);
      CREATE INDEX predictions_by_model_class ON predictions (model_id, predicted);

      CREATE TABLE scan_items (
        id INTEGER PRIMARY KEY,
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        path TEXT NOT NULL,
        sha256 TEXT,
        prediction_id INTEGER REFERENCES predictions (id),
        error TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (scan_id, path),
        CHECK ((prediction_id IS NULL) <> (error IS NULL))
      ) STRICT;
      CREATE INDEX scan_items_by_prediction ON scan_items (prediction_id);
      CREATE INDEX scan_items_by_content ON scan_items (sha256);
      CREATE INDEX scan_items_by_path ON scan_items (path);

      CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        prediction_id INTEGER REFERENCES predictions (id),
        old_label TEXT,
        new_label TEXT NOT NULL CHECK (length(new_label) > 0),
        note TEXT,
        reviewer TEXT NOT NULL CHECK (length(reviewer) > 0),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_log_by_content ON review_log (sha256, id);

      CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
      BEGIN
        SELECT RAISE(ABORT, 'review_log is append-only: a review cannot be changed, add a new one');
      END;
      -- INSERT OR REPLACE deletes the old row without firing DELETE triggers: refuse reusing an id instead.
      CREATE TRIGGER review_log_no_replace BEFORE INSERT ON review_log
      WHEN EXISTS (SELECT 1 FROM review_log WHERE id = NEW.id)
      BEGIN
        SELECT RAISE(ABORT, 'review_log is append-only: an entry cannot be replaced');
      END;
      CREATE TRIGGER review_log_no_delete BEFORE DELETE ON review_log
      BEGIN
        SELECT RAISE(ABORT, 'review_log is append-only: a review cannot be deleted, add a new one');
      END;
    `)
  }
}
