import { createHash } from 'node:crypto'
import type { Migration } from '../migration'

/**
 * - `review_log.prev_hash` / `hash`: the review log becomes a hash chain (review/chain.ts). Existing entries are
 *   chained in id order here; the no-update trigger is lifted for exactly that and put back unchanged.
 * - `models.archived_at`: a model version that predictions point at is archived instead of deleted, so history
 *   and reports keep their model.
 */
/**
 * The chain's hash as it was when this migration shipped, kept here rather than imported from review/chain.ts:
 * a later change there must not change what an old migration wrote (the review-chain test checks that a migrated
 * log still verifies with today's chain code).
 */
const GENESIS_HASH = '0'.repeat(64)

interface LoggedReview {
  id: number
  sha256: string
  prediction_id: number | null
  old_label: string | null
  new_label: string
  note: string | null
  reviewer: string
  created_at: string
}

function entryHash(r: LoggedReview, prevHash: string): string {
  const fields = [r.id, r.sha256, r.prediction_id, r.old_label, r.new_label, r.note, r.reviewer, r.created_at]
  return createHash('sha256')
    .update(JSON.stringify([...fields, prevHash]))
    .digest('hex')
}

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
    for (const r of db.prepare('SELECT * FROM review_log ORDER BY id').all() as LoggedReview[]) {
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
