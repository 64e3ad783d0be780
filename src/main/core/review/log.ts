import type { ReviewEntry, ReviewState } from '../../../shared/types/scan'
import {
  currentLabels,
  fromReviewRow as fromRow,
  insertReview,
  nextReviewSlot,
  newestReviewRow,
  predictionForReview,
  reviewRows,
  reviewRowsOf,
  type EntryKind,
  type ReviewRow
} from '../db/queries/reviews'
import { lockFor, write, type Queries, type Store } from '../db/store'
import { entryHash, lastHash } from './chain'
import { anchorStore } from './anchor'

/**
 * The review audit log: who said which label an image content has, when, over which earlier label, and why.
 * This module only appends and reads — there is deliberately no function that edits or removes an entry, and the
 * table's triggers (migration 004) refuse UPDATE and DELETE from any other code too. A correction of a review is a
 * newer entry; the current state of an image is its newest entry. The SQL is in db/queries/reviews.ts.
 */

/** What every append to the chained log takes first: one order of entries across every workstation. */
export const REVIEW_LOG_LOCK = 'review_log'

export interface NewReview {
  sha256: string
  label: string
  reviewer: string
  note?: string
  /** The prediction the reviewer looked at; defaults to the newest prediction of this content. */
  predictionId?: number
  /**
   * The decision the reviewer saw as the image's current one: its entry id, or null when it had none (only the
   * model's answer). When another decision was recorded since, the review is refused with that decision named
   * (ReviewConflictError); stating the newer entry resubmits deliberately. Left out, nothing is checked.
   */
  seenEntryId?: number | null
}

export class ReviewError extends Error {
  override name = 'ReviewError'
}

/** Another person recorded a decision on the image after the one the reviewer saw: nothing was stored. */
export class ReviewConflictError extends ReviewError {
  override name = 'ReviewConflictError'
  constructor(readonly current: ReviewEntry) {
    super(
      `${current.reviewer} recorded ${current.newLabel} for this image at ${current.createdAt} (entry #${current.id}), ` +
        `after the decision you saw: yours was not stored; review again to record it over ${current.reviewer}'s.`
    )
  }
}

/**
 * Appends a review — with `appendReviewIn`, the only code that writes reviews to the log, so every entry (a review,
 * a correction, an undo) extends the hash chain (review/chain.ts). `old_label` is filled from the log itself (the
 * previous review, else the model's prediction), so the trail reads "A → B" without trusting the caller. The label
 * must be one of the classes of the model that predicted the image, when there is one.
 */
export async function appendReview(store: Store, r: NewReview): Promise<ReviewEntry> {
  const entry = await write(store, (trx) => appendReviewIn(store, trx, r))
  // The anchor outside the database (review/anchor.ts) once the entry is committed.
  await anchorStore(store)
  return entry
}

/**
 * The same inside the caller's write transaction (a bulk review: all or none); the caller anchors after commit.
 * SQLite's write transaction starts IMMEDIATE, so the lock is waited for before the first read, never refused
 * after it; on PostgreSQL the advisory lock orders appends from every workstation.
 */
export async function appendReviewIn(store: Store, trx: Queries, r: NewReview): Promise<ReviewEntry> {
  if (!/^[0-9a-f]{64}$/.test(r.sha256)) throw new ReviewError(`not a sha256 content hash: "${r.sha256}"`)
  const typed = r.label.trim()
  const reviewer = r.reviewer.trim()
  if (!typed) throw new ReviewError('a review needs a label')
  if (!reviewer) throw new ReviewError('a review needs a reviewer name')
  await lockFor(store, trx, REVIEW_LOG_LOCK)
  const pred = await predictionForReview(trx, r.sha256, r.predictionId)
  if (r.predictionId !== undefined && !pred)
    throw new ReviewError(`prediction ${r.predictionId} is not of image ${r.sha256}`)
  // Only what a model has classified can be reviewed: a made-up hash, or an image never scanned, has no
  // prediction and no classes to choose a label from.
  if (!pred)
    throw new ReviewError(`image ${r.sha256} has never been scanned: there is no prediction to review`)
  const classes = JSON.parse(pred.classes) as string[]
  // `hem` is HEM, as `import --map` reads class names: the log keeps the class's own spelling.
  const label = classes.includes(typed) ? typed : classes.find((c) => c.toLowerCase() === typed.toLowerCase())
  if (!label) throw new ReviewError(`label "${typed}" is not a class of the model (${classes.join(', ')})`)
  const previous = await newestReviewRow(trx, r.sha256)
  checkSeen(r, previous)
  return fromRow(
    await appendChained(trx, {
      sha256: r.sha256,
      prediction_id: pred.id,
      old_label: previous?.new_label ?? pred.predicted,
      new_label: label,
      note: r.note?.trim() || null,
      reviewer
    })
  )
}

/**
 * Links one entry to the chain and inserts it; the caller holds the log's lock (REVIEW_LOG_LOCK) in a write
 * transaction. The id is chosen here because the hash covers it and the no-update trigger forbids filling the hash
 * in afterwards. The time never goes back past the newest entry's: a clock set back must not make a genuine entry
 * look backdated.
 */
export async function appendChained(
  trx: Queries,
  row: Omit<ReviewRow, 'id' | 'created_at'> & { kind?: EntryKind }
): Promise<ReviewRow> {
  const slot = await nextReviewSlot(trx)
  const now = new Date().toISOString()
  const full = { ...row, id: slot.id, created_at: slot.newestAt && slot.newestAt > now ? slot.newestAt : now }
  const prevHash = await lastHash(trx)
  return insertReview(trx, { ...full, prev_hash: prevHash, hash: entryHash(full, prevHash) })
}

/** Refuses a review made over a decision the reviewer did not see (who made it, what, when). */
function checkSeen(r: NewReview, previous: ReviewRow | undefined): void {
  if (r.seenEntryId === undefined || (previous?.id ?? null) === r.seenEntryId) return
  if (!previous)
    throw new ReviewError(`entry #${r.seenEntryId} is not a review of image ${r.sha256}: it has none yet`)
  throw new ReviewConflictError(fromRow(previous))
}

/** Every review of one image content, oldest first. */
export async function reviewHistory(q: Queries, sha256: string): Promise<ReviewEntry[]> {
  return (await reviewRowsOf(q, sha256)).map(fromRow)
}

/** The whole log, oldest first (optionally only entries for images seen by one scan). */
export async function reviewLog(q: Queries, opts: { scanId?: number } = {}): Promise<ReviewEntry[]> {
  return (await reviewRows(q, opts.scanId)).map(fromRow)
}

/** The state an image content is in now: its newest review, or null when nobody has reviewed it. */
export async function currentReview(q: Queries, sha256: string): Promise<ReviewState | null> {
  const r = await newestReviewRow(q, sha256)
  return r
    ? { label: r.new_label, reviewer: r.reviewer, note: r.note, reviewedAt: r.created_at, entryId: r.id }
    : null
}

/** Image contents whose current review gives them a label: what can go into a dataset as corrections. */
export async function reviewedLabels(
  q: Queries,
  opts: { scanId?: number } = {}
): Promise<{ sha256: string; label: string; path: string | null }[]> {
  return currentLabels(q, opts.scanId)
}
