import type { Migration } from '../migration'

/**
 * A content-addressed store in the database, so that a workstation without the original folders can still work:
 * - `blobs`: bytes by their sha256, written once (a second write of the same content changes nothing);
 * - `stored_files`: which blob each file of a data-folder folder holds (a model version's head, a backbone's
 *   weights and ONNX copy), so another data folder on the same shared database rebuilds the folder by checksum;
 * - `scan_items.thumbnail_sha256`: a small crop of the predicted cell, shown when its image file is out of reach.
 */
export const migration015: Migration = {
  version: 15,
  name: 'blobs',
  up(db) {
    db.exec(`
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        bytes BLOB NOT NULL,
        size INTEGER NOT NULL CHECK (size = length(bytes)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE stored_files (
        folder TEXT NOT NULL,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        size INTEGER NOT NULL,
        PRIMARY KEY (folder, name)
      ) STRICT;
      ALTER TABLE scan_items ADD COLUMN thumbnail_sha256 TEXT REFERENCES blobs (sha256);
    `)
  },
  postgres: `
    CREATE TABLE blobs (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      bytes BYTEA NOT NULL,
      size INTEGER NOT NULL CHECK (size = length(bytes)),
      created_at TEXT NOT NULL
    );
    CREATE TABLE stored_files (
      folder TEXT NOT NULL,
      name TEXT NOT NULL,
      sha256 TEXT NOT NULL REFERENCES blobs (sha256),
      size INTEGER NOT NULL,
      PRIMARY KEY (folder, name)
    );
    ALTER TABLE scan_items ADD COLUMN thumbnail_sha256 TEXT REFERENCES blobs (sha256);
  `
}
