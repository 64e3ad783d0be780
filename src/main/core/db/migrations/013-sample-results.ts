import type { Migration } from '../migration'

/**
 * Signed sample results: a sample's counted differential frozen at sign-off (per class count, share and 95%
 * interval as JSON, the target and the cells it rests on, the model version, signer, time and, when the count
 * stopped short, the signer's reason). A later review does not change a signed result: signing again adds a
 * corrected result that `replaces` the one before (at most one correction per result). Each result names the
 * audit-log entry that records it (`audit_entry`) and the SHA-256 of its content which that entry carries. Like
 * the review log, the table is append-only.
 */
export const migration013: Migration = {
  version: 13,
  name: 'sample-results',
  up(db) {
    db.exec(`
      CREATE TABLE sample_results (
        id INTEGER PRIMARY KEY,
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        sample TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('final', 'corrected')),
        replaces INTEGER UNIQUE REFERENCES sample_results (id),
        target INTEGER NOT NULL CHECK (target > 0),
        counted INTEGER NOT NULL CHECK (counted > 0),
        classes TEXT NOT NULL,
        model_id TEXT NOT NULL,
        signer TEXT NOT NULL CHECK (length(signer) > 0),
        reason TEXT CHECK (reason IS NULL OR length(reason) > 0),
        signed_at TEXT NOT NULL,
        audit_entry INTEGER NOT NULL UNIQUE REFERENCES review_log (id),
        content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
        CHECK ((status = 'final') = (replaces IS NULL))
      ) STRICT;
      CREATE INDEX sample_results_by_sample ON sample_results (scan_id, sample, id);
      CREATE TRIGGER sample_results_no_update BEFORE UPDATE ON sample_results
        BEGIN SELECT RAISE(ABORT, 'a signed result is frozen: sign again to correct it'); END;
      CREATE TRIGGER sample_results_no_delete BEFORE DELETE ON sample_results
        BEGIN SELECT RAISE(ABORT, 'a signed result is a record: it cannot be removed'); END;
    `)
  }
}
