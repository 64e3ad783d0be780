import type { Migration } from '../migration'

/**
 * Quality control: named control sets (a folder of reference images, each with its expected class), every run of
 * one (the scan it made, the counts its accuracy and blast percentage rest on, and the Westgard verdict the day it
 * ran), and the acknowledgements of rejected runs (who, when, why). Runs and acknowledgements are a record a lab
 * keeps: the triggers refuse to change or remove them.
 */
export const migration012: Migration = {
  version: 12,
  name: 'quality-control',
  up(db) {
    db.exec(`
      CREATE TABLE qc_sets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        folder TEXT NOT NULL,
        blast_class TEXT NOT NULL,
        accuracy_mean REAL,
        accuracy_sd REAL CHECK (accuracy_sd IS NULL OR accuracy_sd > 0),
        blast_mean REAL,
        blast_sd REAL CHECK (blast_sd IS NULL OR blast_sd > 0),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE qc_set_items (
        set_id INTEGER NOT NULL REFERENCES qc_sets (id),
        path TEXT NOT NULL,
        expected TEXT NOT NULL,
        PRIMARY KEY (set_id, path)
      ) STRICT;
      CREATE TABLE qc_runs (
        id INTEGER PRIMARY KEY,
        set_id INTEGER NOT NULL REFERENCES qc_sets (id),
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        model_id TEXT NOT NULL,
        scored INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        blasts INTEGER NOT NULL,
        missing INTEGER NOT NULL,
        rules TEXT NOT NULL,
        reject INTEGER NOT NULL CHECK (reject IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX qc_runs_by_set ON qc_runs (set_id, id);
      CREATE TABLE qc_acks (
        run_id INTEGER PRIMARY KEY REFERENCES qc_runs (id),
        person TEXT NOT NULL CHECK (length(person) > 0),
        note TEXT NOT NULL CHECK (length(note) > 0),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER qc_runs_no_update BEFORE UPDATE ON qc_runs
        BEGIN SELECT RAISE(ABORT, 'QC runs are a record: they cannot be changed'); END;
      CREATE TRIGGER qc_runs_no_delete BEFORE DELETE ON qc_runs
        BEGIN SELECT RAISE(ABORT, 'QC runs are a record: they cannot be removed'); END;
      CREATE TRIGGER qc_acks_no_update BEFORE UPDATE ON qc_acks
        BEGIN SELECT RAISE(ABORT, 'QC acknowledgements are a record: they cannot be changed'); END;
      CREATE TRIGGER qc_acks_no_delete BEFORE DELETE ON qc_acks
        BEGIN SELECT RAISE(ABORT, 'QC acknowledgements are a record: they cannot be removed'); END;
    `)
  }
}
