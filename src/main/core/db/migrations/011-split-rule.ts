import type { Migration } from '../migration'

/**
 * Which rule placed a dataset's images of unknown subject: `forward` (each folder's newest files in test, the
 * ones before them in validation; ordered by `split_order`, name or file time) or `blocks` (random blocks of
 * neighbouring files, the only rule before this migration: datasets split with blocks keep that name).
 */
export const migration011: Migration = {
  version: 11,
  name: 'split-rule',
  up(db) {
    db.exec(`
      ALTER TABLE datasets ADD COLUMN split_rule TEXT CHECK (split_rule IN ('forward', 'blocks'));
      ALTER TABLE datasets ADD COLUMN split_order TEXT CHECK (split_order IN ('name', 'mtime'));
      UPDATE datasets SET split_rule = 'blocks' WHERE split_block_size IS NOT NULL;
    `)
  }
}
