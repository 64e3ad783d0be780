/**
 * A sign-off in the audit log. The review log (review/log.ts) is the hash chain every person's act goes into; a
 * signed result joins it as an entry whose `sha256` is the SHA-256 of the result's frozen content, with no
 * prediction (`prediction_id` null: it classifies no image), `new_label` `signed` or `corrected`, `old_label` the
 * result it replaces, and a note that says what was signed. Such an entry matches no scanned image, so nothing
 * that reads reviews as image labels (datasets, the History, the agreement) takes it for one.
 */
import { lockFor, type Queries, type Store } from '../db/store'
import { appendChained, REVIEW_LOG_LOCK } from '../review/log'

/** The audit-log labels of a sign-off entry. */
export const SIGNED_LABEL = 'signed'
export const CORRECTED_LABEL = 'corrected'

/**
 * Appends a sign-off entry to the chain inside the caller's write transaction (the result row that names the entry
 * goes in with it), under the log's lock so it takes its place in the one order of entries on every workstation;
 * the caller writes the anchor after its commit. Returns the entry's id and time (never dated before the newest
 * entry: review/log.ts).
 */
export async function appendSignOffEntry(
  store: Store,
  trx: Queries,
  e: { contentSha256: string; replaces: number | null; signer: string; note: string }
): Promise<{ id: number; createdAt: string }> {
  await lockFor(store, trx, REVIEW_LOG_LOCK)
  const row = await appendChained(trx, {
    sha256: e.contentSha256,
    prediction_id: null,
    old_label: e.replaces === null ? null : `result ${e.replaces}`,
    new_label: e.replaces === null ? SIGNED_LABEL : CORRECTED_LABEL,
    note: e.note,
    reviewer: e.signer
  })
  return { id: row.id, createdAt: row.created_at }
}

/** Whether a current-label row of the log is a sign-off (no scanned image has its content hash). */
export function isSignOffEntry(r: { label: string; path: string | null }): boolean {
  return r.path === null && (r.label === SIGNED_LABEL || r.label === CORRECTED_LABEL)
}
