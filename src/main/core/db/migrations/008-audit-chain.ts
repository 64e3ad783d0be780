import type { Migration } from '../migration'
import { entryHash, GENESIS_HASH, type ChainedRow } from '../../review/chain'

/**
 * Issue 15:
 * - `review_log.prev_hash` / `hash`: the review log becomes a hash chain (review/chain.ts). Existing entries are
 *   chained in id order here; the no-update trigger is lifted for exactly that and put back unchanged.
 * - `models.archived_at`: a model version that predictions point at is archived instead of deleted, so history
 *   and reports keep their model.
 */
export const migration008: Migration = {
  version: 8,
  name: 'audit-chain',
  up(db) {
    db.exec(`
      ALTER TABLE review_log ADD COLUMN prev_hash TEXT CHECK (prev_hash IS NULL OR length(prev_hash) = 64);
      ALTER TABLE review_log ADD COLUMN hash TEXT CHECK (hash IS NULL OR length(hash) = 64);
      ALTER TABLE models ADD COLUMN archived_at TEXT;
      DROP TRIGGER review_log_no_update;
    `)
    const set = db.prepare('UPDATE review_log SET prev_hash = ?, hash = ? WHERE id = ?')
    let prev = GENESIS_HASH
    for (const r of db.prepare('SELECT * FROM review_log ORDER BY id').all() as ChainedRow[]) {
      const hash = entryHash(r, prev)
      set.run(prev, hash, r.id)
      prev = hash
    }
    db.exec(`
      CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
      BEGIN
        SELECT RAISE(ABORT, 'review_log is append-only: a review cannot be changed, add a new one');
      END;
    `)
  }
}
