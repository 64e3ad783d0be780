import type { Migration } from '../migration'

/**
 * Whole-field scans: each white cell found in a field is cut out as its own crop image, and the crop
 * is classified like any cell image (its prediction lives in `predictions`, keyed by the crop's content). This
 * table ties a crop back to its field: which scan, which field file, the cell's 1-based number in the field, its
 * box in the field's pixels, its mask (deflated bytes, one per pixel, over the box at `mask_scale` of the field's
 * resolution), the finder's score and the crop style used.
 */
export const migration007: Migration = {
  version: 7,
  name: 'field-cells',
  up(db) {
    db.exec(`
      CREATE TABLE field_cells (
        id INTEGER PRIMARY KEY,
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        field_path TEXT NOT NULL,
        field_sha256 TEXT NOT NULL CHECK (length(field_sha256) = 64),
        cell INTEGER NOT NULL CHECK (cell >= 1),
        x INTEGER NOT NULL,
        y INTEGER NOT NULL,
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        area_px INTEGER NOT NULL,
        score REAL NOT NULL,
        mask BLOB NOT NULL,
        mask_width INTEGER NOT NULL,
        mask_height INTEGER NOT NULL,
        mask_scale REAL NOT NULL CHECK (mask_scale > 0),
        crop_style TEXT NOT NULL CHECK (crop_style IN ('masked', 'plain')),
        crop_path TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (scan_id, field_path, cell)
      ) STRICT;
      CREATE INDEX field_cells_by_crop ON field_cells (scan_id, crop_path);
      CREATE INDEX field_cells_by_field ON field_cells (field_sha256);
    `)
  }
}
