import type { Migration } from '../migration'

/**
 * A lossless copy of what the model saw of a cell — its image resized to the backbone's input side, as the scan
 * resized it — kept in the blob store, so that Grad-CAM on a workstation without the scanned file is computed from
 * exactly the model's input (the 96-px thumbnail is too small for that: bench/stored-explain.ts). One copy per
 * content, input side and resize method (the same cell seen by a model of another input size is another copy).
 */
const TABLE = (blob: string): string => `
      CREATE TABLE cell_copies (
        image_sha256 TEXT NOT NULL CHECK (length(image_sha256) = 64),
        side INTEGER NOT NULL CHECK (side > 0),
        resize TEXT NOT NULL,
        blob_sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        PRIMARY KEY (image_sha256, side, resize)
      )${blob};
      CREATE INDEX cell_copies_blob ON cell_copies (blob_sha256);
      CREATE INDEX scan_items_thumbnail ON scan_items (thumbnail_sha256);
      CREATE INDEX stored_files_blob ON stored_files (sha256);
`

export const migration019: Migration = {
  version: 19,
  name: 'cell-copies',
  up(db) {
    db.exec(TABLE(' STRICT'))
  },
  postgres: TABLE('')
}
