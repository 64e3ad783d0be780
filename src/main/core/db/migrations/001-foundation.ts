import type { Migration } from '../migration'

/** Datasets, images (one row per distinct content), dataset membership and splits. */
export const migration001: Migration = {
  version: 1,
  name: 'foundation',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        root TEXT NOT NULL,
        layout TEXT NOT NULL,
        class_mapping TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      ) STRICT;
    `)
  }
}
