import type { Migration } from '../migration'

/**
 * Whole-field scans marked as such (`scans.fields = 1`). A field scan records the crops of its folder's cells
 * under the folder's name, so without the mark an unfinished one looked like an unfinished plain scan of the same
 * folder and model, and a plain scan would "resume" it into a mix of crops and files. Field scans made before
 * the window's Fields view existed were stored as quick checks; those become folder scans (their fields viewable), known by
 * their rows in `field_cells`.
 */
export const migration009: Migration = {
  version: 9,
  name: 'field-scans',
  up(db) {
    db.exec(`
      ALTER TABLE scans ADD COLUMN fields INTEGER NOT NULL DEFAULT 0 CHECK (fields IN (0, 1));
      UPDATE scans SET fields = 1, kind = 'scan' WHERE id IN (SELECT DISTINCT scan_id FROM field_cells);
    `)
  }
}
