import type { Migration } from '../migration'

/**
 * The model registry: one row per model version; its head's TF.js files live in `models/<id>/` of the data
 * folder (written to tmp/ first and renamed, so a row never points at half a model). Structured parts that are
 * only ever read whole (history, metrics, hyperparameters) are JSON text. The backbone is a foreign key without
 * cascade: a backbone that models still use cannot be deleted from under them. At most one version is active
 * (partial unique index).
 */
export const migration003: Migration = {
  version: 3,
  name: 'models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('trained', 'keras-import', 'archive-import')),
        backbone_id INTEGER NOT NULL REFERENCES backbones(id),
        feature_dim INTEGER NOT NULL CHECK (feature_dim > 0),
        classes TEXT NOT NULL,
        preprocessing TEXT NOT NULL,
        hyperparameters TEXT,
        dataset TEXT,
        split TEXT,
        history TEXT NOT NULL DEFAULT '[]',
        best_epoch INTEGER,
        metrics TEXT NOT NULL DEFAULT '{}',
        threshold TEXT,
        backend TEXT NOT NULL,
        timings TEXT NOT NULL DEFAULT '{}',
        note TEXT,
        dir TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX models_one_active ON models (active) WHERE active = 1;
      CREATE INDEX models_created ON models (created_at);
    `)
  }
}
