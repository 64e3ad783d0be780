import type { Database } from 'better-sqlite3'
import type { ReviewEntry, ReviewState } from '../../../shared/types/scan'
import { entryHash, lastHash } from './chain'

/**
 * The review audit log: who said which label an image content has, when, over which earlier label, and why.
 * This module only appends and reads — there is deliberately no function that edits or removes an entry, and the
 * table's triggers (migration 004) refuse UPDATE and DELETE from any other code too. A correction of a review is a
 * newer entry; the current state of an image is its newest entry.
 */

interface ReviewRow {
  id: number
  sha256: string
  prediction_id: number | null
  old_label: string | null
  new_label: string
  note: string | null
  reviewer: string
  created_at: string
}

function fromRow(r: ReviewRow): ReviewEntry {
  return {
    id: r.id,
    sha256: r.sha256,
    predictionId: r.prediction_id,
    oldLabel: r.old_label,
    newLabel: r.new_label,
    note: r.note,
    reviewer: r.reviewer,
    createdAt: r.created_at
  }
}

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
  const label = r.label.trim()
  const reviewer = r.reviewer.trim()
  if (!label) throw new ReviewError('a review needs a label')
  if (!reviewer) throw new ReviewError('a review needs a reviewer name')
  return db.transaction(() => {
    const pred = (
      r.predictionId !== undefined
        ? db.prepare('SELECT id, predicted, classes FROM predictions WHERE id = ? AND sha256 = ?').get(r.predictionId, r.sha256)
        : db.prepare('SELECT id, predicted, classes FROM predictions WHERE sha256 = ? ORDER BY id DESC LIMIT 1').get(r.sha256)
    ) as { id: number; predicted: string; classes: string } | undefined
    if (r.predictionId !== undefined && !pred) throw new ReviewError(`prediction ${r.predictionId} is not of image ${r.sha256}`)
    // Only what a model has classified can be reviewed: a made-up hash, or an image never scanned, has no
    // prediction and no classes to choose a label from.
    if (!pred) throw new ReviewError(`image ${r.sha256} has never been scanned: there is no prediction to review`)
    const classes = JSON.parse(pred.classes) as string[]
    if (!classes.includes(label)) throw new ReviewError(`label "${label}" is not a class of the model (${classes.join(', ')})`)
    const previous = currentReview(db, r.sha256)
    const oldLabel = previous?.label ?? pred.predicted
    // The chain link: the id is chosen here (inside the write transaction, so no other writer interleaves) because
    // the hash covers it, and the no-update trigger forbids filling the hash in afterwards.
    const id = (db.prepare('SELECT coalesce(max(id), 0) + 1 FROM review_log').pluck().get() as number)
    const prevHash = lastHash(db)
    // Never earlier than the entry before it: a clock set back must not make a genuine entry look backdated.
    const newest = db.prepare('SELECT max(created_at) FROM review_log').pluck().get() as string | null
    const now = new Date().toISOString()
    const row = { id, sha256: r.sha256, prediction_id: pred.id, old_label: oldLabel, new_label: label, note: r.note?.trim() || null, reviewer, created_at: newest && newest > now ? newest : now }
    db.prepare(
      `INSERT INTO review_log (id, sha256, prediction_id, old_label, new_label, note, reviewer, created_at, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(row.id, row.sha256, row.prediction_id, row.old_label, row.new_label, row.note, row.reviewer, row.created_at, prevHash, entryHash(row, prevHash))
    return fromRow(db.prepare('SELECT * FROM review_log WHERE id = ?').get(id) as ReviewRow)
  })()
}

/** Every review of one image content, oldest first. */
export function reviewHistory(db: Database, sha256: string): ReviewEntry[] {
  return (db.prepare('SELECT * FROM review_log WHERE sha256 = ? ORDER BY id').all(sha256) as ReviewRow[]).map(fromRow)
}

/** The whole log, oldest first (optionally only entries for images seen by one scan). */
export function reviewLog(db: Database, opts: { scanId?: number } = {}): ReviewEntry[] {
  const rows =
    opts.scanId === undefined
      ? db.prepare('SELECT * FROM review_log ORDER BY id').all()
      : db
          .prepare(
            'SELECT * FROM review_log WHERE sha256 IN (SELECT sha256 FROM scan_items WHERE scan_id = ? AND sha256 IS NOT NULL) ORDER BY id'
          )
          .all(opts.scanId)
  return (rows as ReviewRow[]).map(fromRow)
}

/** The state an image content is in now: its newest review, or null when nobody has reviewed it. */
export function currentReview(db: Database, sha256: string): ReviewState | null {
  const r = db.prepare('SELECT * FROM review_log WHERE sha256 = ? ORDER BY id DESC LIMIT 1').get(sha256) as ReviewRow | undefined
  return r ? { label: r.new_label, reviewer: r.reviewer, note: r.note, reviewedAt: r.created_at } : null
}

/** Image contents whose current review gives them a label: what can go into a dataset as corrections. */
export function reviewedLabels(db: Database, opts: { scanId?: number } = {}): { sha256: string; label: string; path: string | null }[] {
  return db
    .prepare(
      `SELECT r.sha256 AS sha256, r.new_label AS label,
         (SELECT i.path FROM scan_items i WHERE i.sha256 = r.sha256 ORDER BY i.id DESC LIMIT 1) AS path
       FROM review_log r
       WHERE r.id = (SELECT max(id) FROM review_log WHERE sha256 = r.sha256)
         AND (? IS NULL OR r.sha256 IN (SELECT sha256 FROM scan_items WHERE scan_id = ?))
       ORDER BY r.id`
    )
    .all(opts.scanId ?? null, opts.scanId ?? null) as { sha256: string; label: string; path: string | null }[]
}
