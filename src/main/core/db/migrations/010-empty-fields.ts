import type { Migration } from '../migration'

/**
 * Fields of a whole-field scan in which the finder found no white cell. `field_cells` holds only found cells, so
 * such a field vanished from the stored scan: the window's Fields view could not show it, and the per-sample
 * field counts of a stored scan missed it. A technician has to see exactly those fields — a cell the finder
 * missed is only found by looking.
 */
export const migration010: Migration = {
  version: 10,
  name: 'empty-fields',
  up(db) {
    db.exec(`
      CREATE TABLE field_scan_empty (
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        field_path TEXT NOT NULL,
        field_sha256 TEXT NOT NULL CHECK (length(field_sha256) = 64),
        created_at TEXT NOT NULL,
        PRIMARY KEY (scan_id, field_path)
      ) STRICT;
    `)
  }
}
