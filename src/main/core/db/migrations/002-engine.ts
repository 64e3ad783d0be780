import type { Migration } from '../migration'

/**
 * Backbones (frozen feature extractors, files in the data folder) and the feature store.
 *
 * Features live in SQLite as float32 BLOBs rather than as files keyed by hash: a 1024-d vector is 4 KB, so
 * 10,000 images (×2 with flips) are ~80 MB — well inside what SQLite serves fast; each extraction batch is
 * committed in one transaction, so a killed run keeps every finished batch and never leaves a half-written
 * vector; training reads a whole dataset's vectors with one indexed query; and deleting a backbone removes its
 * features by cascade instead of leaving orphan files.
 */
export const migration002: Migration = {
  version: 2,
  name: 'engine',
  up(db) {
    db.exec(`
      CREATE TABLE backbones (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('keras-densenet121', 'tfjs-layers')),
        -- folder under the data directory's backbones/ holding the copied files
        dir TEXT NOT NULL,
        -- JSON [{name, bytes, sha256}]; the entry file is the first
        files TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        -- JSON Preprocessing {inputSize, resize, normalize}
        preprocessing TEXT NOT NULL,
        feature_dim INTEGER NOT NULL CHECK (feature_dim > 0),
        params INTEGER NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE features (
        image_sha256 TEXT NOT NULL,
        backbone_id INTEGER NOT NULL REFERENCES backbones(id) ON DELETE CASCADE,
        -- canonical preprocessing key, e.g. '224:nearest:torch'
        preprocessing TEXT NOT NULL,
        flip INTEGER NOT NULL CHECK (flip IN (0, 1)),
        dim INTEGER NOT NULL,
        -- little-endian float32 × dim
        vector BLOB NOT NULL CHECK (length(vector) = 4 * dim),
        created_at TEXT NOT NULL,
        PRIMARY KEY (image_sha256, backbone_id, preprocessing, flip)
      ) STRICT;
      CREATE INDEX features_by_backbone ON features (backbone_id, preprocessing, flip);
    `)
  }
}
