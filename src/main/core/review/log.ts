import type { Database } from 'better-sqlite3'
import type { ReviewEntry, ReviewState } from '../../../shared/types/scan'
import { UNIDENTIFIED } from '../../../shared/differential'
import {
  currentLabels,
  fromReviewRow as fromRow,
  insertReview,
  nextReviewSlot,
  newestReviewRow,
  predictionForReview,
  reviewRows,
  reviewRowsOf
} from '../db/queries/reviews'
import { entryHash, lastHash } from './chain'
import { writeAnchor } from './anchor'

/**
 * The review audit log: who said which label an image content has, when, over which earlier label, and why.
 * This module only appends and reads — there is deliberately no function that edits or removes an entry, and the
 * table's triggers (migration 004) refuse UPDATE and DELETE from any other code too. A correction of a review is a
 * newer entry; the current state of an image is its newest entry. The SQL is in db/queries/reviews.ts.
 */

export interface NewReview {
  sha256: string
  label: string
  reviewer: string
  note?: string
  /** The prediction the reviewer looked at; defaults to the newest prediction of this content. */
  predictionId?: number
}

export class ReviewError extends Error {
  override name = 'ReviewError'
}

/**
 * Appends a review — the one function that writes to the log, so every entry (a review, a correction, an undo)
 * extends the hash chain (review/chain.ts). `old_label` is filled from the log itself (the previous review, else the model's prediction),
 * so the trail reads "A → B" without trusting the caller. The label must be one of the classes of the model that
 * predicted the image, when there is one.
 */
export function appendReview(db: Database, r: NewReview): ReviewEntry {
  if (!/^[0-9a-f]{64}$/.test(r.sha256)) throw new ReviewError(`not a sha256 content hash: "${r.sha256}"`)
  const typed = r.label.trim()
  const reviewer = r.reviewer.trim()
  if (!typed) throw new ReviewError('a review needs a label')
  if (!reviewer) throw new ReviewError('a review needs a reviewer name')
  // IMMEDIATE: the write lock is taken before the first read. A deferred transaction reads first and then asks
  // for the lock; when a scan committed in between, SQLite answers BUSY at once (its snapshot is stale) and the
  // busy timeout cannot help, so the review would be lost. Taken up front, the lock is waited for.
  const entry = db
    .transaction(() => {
      const pred = predictionForReview(db, r.sha256, r.predictionId)
      if (r.predictionId !== undefined && !pred)
        throw new ReviewError(`prediction ${r.predictionId} is not of image ${r.sha256}`)
      // Only what a model has classified can be reviewed: a made-up hash, or an image never scanned, has no
      // prediction and no classes to choose a label from.
      if (!pred)
        throw new ReviewError(`image ${r.sha256} has never been scanned: there is no prediction to review`)
      const classes = JSON.parse(pred.classes) as string[]
      // `hem` is HEM, as `import --map` reads class names: the log keeps the class's own spelling.
      // `unidentified` is offered for every cell (the counted differential): a person's answer that no class fits.
      const label =
        typed.toLowerCase() === UNIDENTIFIED
          ? UNIDENTIFIED
          : classes.includes(typed)
            ? typed
            : classes.find((c) => c.toLowerCase() === typed.toLowerCase())
      if (!label)
        throw new ReviewError(
          `label "${typed}" is not a class of the model (${classes.join(', ')}) nor ${UNIDENTIFIED}`
        )
      const previous = currentReview(db, r.sha256)
      // The chain link (review/chain.ts): the id is chosen here, inside the write transaction, because the hash
      // covers it and the no-update trigger forbids filling the hash in afterwards. The time never goes back past
      // the newest entry's: a clock set back must not make a genuine entry look backdated.
      const slot = nextReviewSlot(db)
      const now = new Date().toISOString()
      const row = {
        id: slot.id,
        sha256: r.sha256,
        prediction_id: pred.id,
        old_label: previous?.label ?? pred.predicted,
        new_label: label,
        note: r.note?.trim() || null,
        reviewer,
        created_at: slot.newestAt && slot.newestAt > now ? slot.newestAt : now
      }
      const prevHash = lastHash(db)
      return fromRow(insertReview(db, { ...row, prev_hash: prevHash, hash: entryHash(row, prevHash) }))
    })
    .immediate()
  // The anchor outside the database (review/anchor.ts) once the entry is committed: inside a caller's transaction
  // (a bulk review) it is not yet, and the caller writes the anchor after its commit.
  if (!db.inTransaction) writeAnchor(db)
  return entry
}

/** Every review of one image content, oldest first. */
export function reviewHistory(db: Database, sha256: string): ReviewEntry[] {
  return reviewRowsOf(db, sha256).map(fromRow)
}

/** The whole log, oldest first (optionally only entries for images seen by one scan). */
export function reviewLog(db: Database, opts: { scanId?: number } = {}): ReviewEntry[] {
  return reviewRows(db, opts.scanId).map(fromRow)
}

/** The state an image content is in now: its newest review, or null when nobody has reviewed it. */
export function currentReview(db: Database, sha256: string): ReviewState | null {
  const r = newestReviewRow(db, sha256)
  return r ? { label: r.new_label, reviewer: r.reviewer, note: r.note, reviewedAt: r.created_at } : null
}

/** Image contents whose current review gives them a label: what can go into a dataset as corrections. */
export function reviewedLabels(
  db: Database,
  opts: { scanId?: number } = {}
): { sha256: string; label: string; path: string | null }[] {
  return currentLabels(db, opts.scanId)
}
