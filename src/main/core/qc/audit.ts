/**
 * A QC acknowledgement in the audit log. Like a sign-off (samples/audit-entry.ts), it joins the review log's hash
 * chain as an entry that classifies no image: `sha256` is the SHA-256 of what was acknowledged (the run, its
 * verdict, who and why), `prediction_id` null, `old_label` the run, `new_label` `qc-acknowledged`, and a note that
 * says what was found and done. Its content hash matches no scanned image, so nothing that reads reviews as image
 * labels takes it for one.
 */
import { createHash } from 'node:crypto'
import { lockFor, type Queries, type Store } from '../db/store'
import { appendChained, REVIEW_LOG_LOCK } from '../review/log'

export const QC_ACK_LABEL = 'qc-acknowledged'

/**
 * Appends the entry inside the caller's write transaction (the acknowledgement that names it goes in with it),
 * under the log's lock, so it takes its place in the one order of entries on every workstation; the caller writes
 * the anchor after its commit.
 */
export async function appendQcAckEntry(
  store: Store,
  trx: Queries,
  a: {
    runId: number
    setName: string
    scanId: number
    rules: readonly string[]
    person: string
    note: string
  }
): Promise<{ id: number; createdAt: string }> {
  await lockFor(store, trx, REVIEW_LOG_LOCK)
  const content = [a.runId, a.setName, a.scanId, a.rules, a.person, a.note]
  const row = await appendChained(trx, {
    sha256: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
    prediction_id: null,
    old_label: `qc run ${a.runId}`,
    new_label: QC_ACK_LABEL,
    note: `QC run ${a.runId} of ${a.setName} (${a.rules.join(', ')}) acknowledged: ${a.note}`,
    reviewer: a.person
  })
  return { id: row.id, createdAt: row.created_at }
}

/** Whether a current-label row of the log is a QC acknowledgement (no scanned image has its content hash). */
export function isQcAckEntry(r: { label: string; path: string | null }): boolean {
  return r.path === null && r.label === QC_ACK_LABEL
}
