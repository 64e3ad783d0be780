import type { Migration } from '../migration'

/**
 * Queued scans: a scan spread over machines is split into numbered batches, each a job on the shared database's
 * queue (core/queue). The queue itself (pg-boss) keeps its own tables in its own schema; this table is the scan's
 * side of it — which files each batch holds, what became of it, and which machine and process work on it — so
 * the app can show queued scans and their workers, and `scan --wait` can follow one.
 *
 * A table of its own and a `scans.queued` mark rather than a 'queued' scan status: a new status would rebuild
 * `scans` on SQLite (its CHECK cannot be altered). A queued scan is a running scan marked queued, whose batches are
 * listed here (none when every image was known already); a plain scan never resumes or continues one.
 *
 * `paths`: the batch's images as JSON — one entry per distinct content with the other paths of that content riding
 * along, so each content is computed once whatever batch a copy of it lands in. `attempts` counts the times a
 * worker took the batch (more than one: a worker died or stalled and another took it over).
 */
const TABLE = (engine: 'sqlite' | 'postgres'): string => `
      CREATE TABLE scan_batches (
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        batch INTEGER NOT NULL CHECK (batch >= 0),
        paths TEXT NOT NULL,
        images INTEGER NOT NULL CHECK (images > 0),
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        machine TEXT,
        pid INTEGER,
        backend TEXT,
        computed INTEGER,
        classified INTEGER,
        error TEXT,
        started_at TEXT,
        finished_at TEXT,
        PRIMARY KEY (scan_id, batch)
      )${engine === 'sqlite' ? ' STRICT' : ''};
      CREATE INDEX scan_batches_by_state ON scan_batches (state, scan_id);
      ALTER TABLE scans ADD COLUMN queued INTEGER NOT NULL DEFAULT 0 CHECK (queued IN (0, 1));
`

export const migration016: Migration = {
  version: 16,
  name: 'queue',
  up(db) {
    db.exec(TABLE('sqlite'))
  },
  postgres: TABLE('postgres')
}
