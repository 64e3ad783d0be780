import { appendReview, ReviewError, reviewHistory, reviewLog } from '../core/review/log'
import { addReviewedToDataset } from '../core/review/to-dataset'
import { writeCsvFile } from '../core/report/csv'
import { getDatasetByName } from '../core/db/queries/datasets'
import { reviewedPaths } from '../core/db/queries/review-paths'
import { splitDataset, storedSplitSummary } from '../core/splits/split-dataset'
import type { CallRequest } from '../../shared/contract'
import type { ReviewEntry, ReviewState } from '../../shared/types/scan'
import type { AddReviewedResult, AuditEntry } from '../../shared/types/researcher'
import type { ServiceContext } from './context'
import { config } from './settings'

/**
 * The review side of the app: single and bulk reviews, undo, the audit log and its export, and reviewed images
 * into a dataset. Every change is an appended entry of the core review log (core/review/log.ts); nothing here
 * edits or removes one.
 */

const toState = (e: ReviewEntry): ReviewState => ({
  label: e.newLabel,
  reviewer: e.reviewer,
  note: e.note,
  reviewedAt: e.createdAt
})

/**
 * The reviewer in force (flag, LEUKOLENS_REVIEWER or the reviewer setting: config.ts). The window has no default:
 * reviews are refused until a name is set (the app asks once, before the first), so no entry of the audit log
 * carries a login name nobody chose.
 */
function reviewer(ctx: ServiceContext): string {
  const c = config(ctx)
  const name = c.sources.reviewer === 'default' ? '' : c.reviewer.trim()
  if (!name)
    throw new ReviewError(
      'enter your name as the reviewer before the first review: it goes into the audit log'
    )
  return name
}

export function submitReview(ctx: ServiceContext, req: CallRequest<'review:submit'>): ReviewState {
  return toState(
    appendReview(ctx.db, {
      sha256: req.sha256,
      label: req.label,
      note: req.note,
      predictionId: req.predictionId,
      reviewer: reviewer(ctx)
    })
  )
}

/** A bulk confirm or relabel: one transaction, so a refused label stores none of the batch. */
export function submitReviews(ctx: ServiceContext, req: CallRequest<'review:submitMany'>): ReviewState[] {
  const name = reviewer(ctx)
  return ctx.db.transaction(() =>
    req.items.map((it) => toState(appendReview(ctx.db, { ...it, note: req.note, reviewer: name })))
  )()
}

/**
 * Undoes the newest review of an image by appending an entry that gives it back the label it had before that
 * review (the previous review's label, or the model's answer). Undoing twice redoes, as the log reads.
 */
export function undoReview(ctx: ServiceContext, sha256: string): ReviewState {
  const entries = reviewHistory(ctx.db, sha256)
  const last = entries[entries.length - 1]
  if (!last) throw new ReviewError('this image has no review to undo')
  if (last.oldLabel === null)
    throw new ReviewError(
      'this image had no label before its review (no prediction), so there is nothing to restore'
    )
  return toState(
    appendReview(ctx.db, {
      sha256,
      label: last.oldLabel,
      predictionId: last.predictionId ?? undefined,
      note: `undo of entry #${last.id} (${last.newLabel} → ${last.oldLabel})`,
      reviewer: reviewer(ctx)
    })
  )
}

/** The audit log, oldest first, each entry with the newest path a scan saw for its image. */
export function auditLog(ctx: ServiceContext, scanId?: number): AuditEntry[] {
  const paths = reviewedPaths(ctx.db)
  return reviewLog(ctx.db, { scanId }).map((e) => ({ ...e, path: paths.get(e.sha256) ?? null }))
}

export function exportAuditLog(ctx: ServiceContext, req: { file: string; scanId?: number }): string {
  const rows = auditLog(ctx, req.scanId).map((e) => [
    e.id,
    e.createdAt,
    e.reviewer,
    e.sha256,
    e.predictionId,
    e.oldLabel,
    e.newLabel,
    e.note
  ])
  writeCsvFile(
    req.file,
    ['entry', 'created_at', 'reviewer', 'path', 'sha256', 'prediction_id', 'old_label', 'new_label', 'note'],
    rows
  )
  return req.file
}

/**
 * Reviewed images into a dataset with the label a person gave them; the new ones are then placed in the
 * dataset's split (existing images keep theirs), so the next training can use them at once.
 */
export async function addReviewedImages(
  ctx: ServiceContext,
  req: CallRequest<'review:toDataset'>
): Promise<AddReviewedResult> {
  const r = await addReviewedToDataset(ctx.db, {
    dataset: req.dataset,
    scanId: req.scanId,
    create: req.create
  })
  const id = getDatasetByName(ctx.db, req.dataset)!.id
  const hasSplit = storedSplitSummary(ctx.db, id) !== null
  const split =
    r.added > 0 || !hasSplit
      ? splitDataset(ctx.db, id, { keepExisting: hasSplit })
      : storedSplitSummary(ctx.db, id)
  return { ...r, split }
}
