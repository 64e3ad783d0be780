import type { Database } from 'better-sqlite3'
import type { ReviewEntry } from '../../../../shared/types/scan'
import { stmt } from './statements'

/**
 * SQL of the review audit log (migration 004; hash chain: 008): insert and read only — the table's triggers refuse UPDATE and
 * DELETE, and there is deliberately no function here that tries.
 */

export interface ReviewRow {
  id: number
  sha256: string
  prediction_id: number | null
  old_label: string | null
  new_label: string
  note: string | null
  reviewer: string
  created_at: string
}

export function fromReviewRow(r: ReviewRow): ReviewEntry {
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

/** The prediction a review refers to: the given one (only if it is of this content), else the content's newest. */
export function predictionForReview(
  db: Database,
  sha256: string,
  predictionId?: number
): { id: number; predicted: string; classes: string } | undefined {
  return (
    predictionId !== undefined
      ? stmt(db, 'SELECT id, predicted, classes FROM predictions WHERE id = ? AND sha256 = ?').get(
          predictionId,
          sha256
        )
      : stmt(
          db,
          'SELECT id, predicted, classes FROM predictions WHERE sha256 = ? ORDER BY id DESC LIMIT 1'
        ).get(sha256)
  ) as { id: number; predicted: string; classes: string } | undefined
}

/** Appends one entry; returns it as stored. */
export function insertReview(db: Database, r: ReviewRow & { prev_hash: string; hash: string }): ReviewRow {
  stmt(
    db,
    `INSERT INTO review_log (id, sha256, prediction_id, old_label, new_label, note, reviewer, created_at, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(
    r.id,
    r.sha256,
    r.prediction_id,
    r.old_label,
    r.new_label,
    r.note,
    r.reviewer,
    r.created_at,
    r.prev_hash,
    r.hash
  )
  return stmt(db, 'SELECT * FROM review_log WHERE id = ?').get(r.id) as ReviewRow
}

/** The id the next entry gets, and the newest entry's time (the chain needs both before inserting). */
export function nextReviewSlot(db: Database): { id: number; newestAt: string | null } {
  return stmt(
    db,
    'SELECT coalesce(max(id), 0) + 1 AS id, max(created_at) AS newestAt FROM review_log'
  ).get() as { id: number; newestAt: string | null }
}

/** The newest entry's chain hash (null for an empty log, or a log written before migration 008 backfilled it). */
export function lastReviewHash(db: Database): string | null | undefined {
  return stmt(db, 'SELECT hash FROM review_log ORDER BY id DESC LIMIT 1').pluck().get() as
    string | null | undefined
}

/** Every entry with its chain columns, oldest first (review/chain.ts walks them). */
export function chainRows(
  db: Database
): IterableIterator<ReviewRow & { prev_hash: string | null; hash: string | null }> {
  return stmt(db, 'SELECT * FROM review_log ORDER BY id').iterate() as IterableIterator<
    ReviewRow & { prev_hash: string | null; hash: string | null }
  >
}

/** Every entry of one content, oldest first. */
export function reviewRowsOf(db: Database, sha256: string): ReviewRow[] {
  return stmt(db, 'SELECT * FROM review_log WHERE sha256 = ? ORDER BY id').all(sha256) as ReviewRow[]
}

/** The newest entry of one content: its current review. */
export function newestReviewRow(db: Database, sha256: string): ReviewRow | undefined {
  return stmt(db, 'SELECT * FROM review_log WHERE sha256 = ? ORDER BY id DESC LIMIT 1').get(sha256) as
    ReviewRow | undefined
}

/** The whole log, oldest first, or only the entries of contents one scan saw. */
export function reviewRows(db: Database, scanId?: number): ReviewRow[] {
  return (
    scanId === undefined
      ? stmt(db, 'SELECT * FROM review_log ORDER BY id').all()
      : stmt(
          db,
          'SELECT * FROM review_log WHERE sha256 IN (SELECT sha256 FROM scan_items WHERE scan_id = ? AND sha256 IS NOT NULL) ORDER BY id'
        ).all(scanId)
  ) as ReviewRow[]
}

/** Each reviewed content's current label and the newest path a scan saw it at (optionally one scan's only). */
export function currentLabels(
  db: Database,
  scanId?: number
): { sha256: string; label: string; path: string | null }[] {
  return stmt(
    db,
    `SELECT r.sha256 AS sha256, r.new_label AS label,
       (SELECT i.path FROM scan_items i WHERE i.sha256 = r.sha256 ORDER BY i.id DESC LIMIT 1) AS path
     FROM review_log r
     WHERE r.id = (SELECT max(id) FROM review_log WHERE sha256 = r.sha256)
       AND (? IS NULL OR r.sha256 IN (SELECT sha256 FROM scan_items WHERE scan_id = ?))
     ORDER BY r.id`
  ).all(scanId ?? null, scanId ?? null) as { sha256: string; label: string; path: string | null }[]
}

/** A reviewed content as one model version answered it: the current label beside that version's answer. */
export interface ReviewedAnswer {
  label: string
  reviewedAt: string
  predicted: string
  flagged: number
}

/**
 * Every content with a review and an answer from `modelId`, by its newest review (oldest first): the answer is the
 * prediction the review was made on when it is this version's, else this version's newest one of the content.
 */
export function reviewedAnswersOf(db: Database, modelId: string): ReviewedAnswer[] {
  return stmt(
    db,
    `SELECT r.new_label AS label, r.created_at AS reviewedAt, p.predicted AS predicted, p.flagged AS flagged
     FROM review_log r
     JOIN predictions p ON p.id = coalesce(
       (SELECT id FROM predictions WHERE id = r.prediction_id AND model_id = ?),
       (SELECT max(id) FROM predictions WHERE sha256 = r.sha256 AND model_id = ?))
     WHERE r.id = (SELECT max(id) FROM review_log WHERE sha256 = r.sha256)
     ORDER BY r.id`
  ).all(modelId, modelId) as ReviewedAnswer[]
}
