/**
 * A sign-off in the audit log. The review log (review/log.ts) is the hash chain every person's act goes into; a
 * signed result joins it as an entry whose `sha256` is the SHA-256 of the result's frozen content, with no
 * prediction (`prediction_id` null: it classifies no image), `new_label` `signed` or `corrected`, `old_label` the
 * result it replaces, and a note that says what was signed. Such an entry matches no scanned image, so nothing
 * that reads reviews as image labels (datasets, the History, the agreement) takes it for one.
 */
import type { Database } from 'better-sqlite3'
import { insertReview, nextReviewSlot } from '../db/queries/reviews'
import { entryHash, lastHash } from '../review/chain'

/** The audit-log labels of a sign-off entry. */
export const SIGNED_LABEL = 'signed'
export const CORRECTED_LABEL = 'corrected'

/**
 * Appends a sign-off entry to the chain; the caller holds the write transaction (the result row that names the
 * entry goes in with it) and writes the anchor after its commit. Returns the entry's id and time.
 */
export function appendSignOffEntry(
  db: Database,
  e: { contentSha256: string; replaces: number | null; signer: string; note: string }
): { id: number; createdAt: string } {
  const slot = nextReviewSlot(db)
  const now = new Date().toISOString()
  const row = {
    id: slot.id,
    sha256: e.contentSha256,
    prediction_id: null,
    old_label: e.replaces === null ? null : `result ${e.replaces}`,
    new_label: e.replaces === null ? SIGNED_LABEL : CORRECTED_LABEL,
    note: e.note,
    reviewer: e.signer,
    // As for a review: never dated before the newest entry, so a clock set back cannot make it look backdated.
    created_at: slot.newestAt && slot.newestAt > now ? slot.newestAt : now
  }
  const prevHash = lastHash(db)
  insertReview(db, { ...row, prev_hash: prevHash, hash: entryHash(row, prevHash) })
  return { id: row.id, createdAt: row.created_at }
}

/** Whether a current-label row of the log is a sign-off (no scanned image has its content hash). */
export function isSignOffEntry(r: { label: string; path: string | null }): boolean {
  return r.path === null && (r.label === SIGNED_LABEL || r.label === CORRECTED_LABEL)
}
