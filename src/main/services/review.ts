import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  appendReview,
  appendReviewIn,
  ReviewError,
  reviewHistory,
  reviewLog,
  type NewReview
} from '../core/review/log'
import { anchorStore } from '../core/review/anchor'
import { latestShaAtPath } from '../core/db/queries/scans'
import { chainLinks } from '../core/db/queries/reviews'
import { write } from '../core/db/store'
import { cellsOfField, shasWithPrefix, type FieldCellImage } from '../core/db/queries/image-lookup'
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
import { requireRole } from './people'

/**
 * The review side of the app and of `leukolens review`: single and bulk reviews, undo, the audit log and its
 * export, and reviewed images into a dataset. Every change is an appended entry of the core review log
 * (core/review/log.ts); nothing here edits or removes one.
 */

const toState = (e: ReviewEntry): ReviewState => ({
  label: e.newLabel,
  reviewer: e.reviewer,
  note: e.note,
  reviewedAt: e.createdAt,
  entryId: e.id
})

/**
 * Who reviews: the signed-in person where people sign in (services/people.ts), whose role must allow reviews;
 * elsewhere the reviewer in force (flag, LEUKOLENS_REVIEWER or the reviewer setting: config.ts). The window has no
 * default: reviews are refused until a name is set (the app asks once, before the first), so no entry of the audit
 * log carries a login name nobody chose.
 */
async function reviewer(ctx: ServiceContext): Promise<string> {
  const person = await requireRole(ctx, 'review')
  if (person) return person.name
  const c = await config(ctx)
  const name = c.sources.reviewer === 'default' ? '' : c.reviewer.trim()
  if (!name)
    throw new ReviewError(
      'enter your name as the reviewer before the first review: it goes into the audit log'
    )
  return name
}

export async function submitReview(
  ctx: ServiceContext,
  req: CallRequest<'review:submit'>
): Promise<ReviewState> {
  return toState(
    await appendReview(ctx.store, {
      sha256: req.sha256,
      label: req.label,
      note: req.note,
      predictionId: req.predictionId,
      seenEntryId: req.seenEntryId,
      reviewer: await reviewer(ctx)
    })
  )
}

/**
 * A bulk confirm or relabel: one write transaction, so a refused label (or a decision someone else recorded since)
 * stores none of the batch.
 */
export async function submitReviews(
  ctx: ServiceContext,
  req: CallRequest<'review:submitMany'>
): Promise<ReviewState[]> {
  const name = await reviewer(ctx)
  const states = await write(ctx.store, async (trx) => {
    const out: ReviewState[] = []
    for (const it of req.items)
      out.push(toState(await appendReviewIn(ctx.store, trx, { ...it, note: req.note, reviewer: name })))
    return out
  })
  await anchorStore(ctx.store)
  return states
}

/**
 * Undoes the newest review of an image by appending an entry that gives it back the label it had before that
 * review (the previous review's label, or the model's answer). Undoing twice redoes, as the log reads.
 */
export async function undoReview(ctx: ServiceContext, sha256: string): Promise<ReviewState> {
  const entries = await reviewHistory(ctx.store.k, sha256)
  const last = entries[entries.length - 1]
  if (!last) throw new ReviewError('this image has no review to undo')
  if (last.oldLabel === null)
    throw new ReviewError(
      'this image had no label before its review (no prediction), so there is nothing to restore'
    )
  return toState(
    await appendReview(ctx.store, {
      sha256,
      label: last.oldLabel,
      predictionId: last.predictionId ?? undefined,
      note: `undo of entry #${last.id} (${last.newLabel} → ${last.oldLabel})`,
      reviewer: await reviewer(ctx),
      // What is undone is the entry read above: one recorded since is not undone unseen.
      seenEntryId: last.id
    })
  )
}

/** The audit log, oldest first, each entry with the newest path a scan saw for its image. */
export async function auditLog(ctx: ServiceContext, scanId?: number): Promise<AuditEntry[]> {
  const paths = await reviewedPaths(ctx.store.k)
  return (await reviewLog(ctx.store.k, { scanId })).map((e) => ({ ...e, path: paths.get(e.sha256) ?? null }))
}

/**
 * The audit log as CSV, each entry with its chain link and hash (review/chain.ts): the export can be checked on its
 * own, and its last row is the log's head at export time, as the anchor beside the database has it.
 */
export async function exportAuditLog(
  ctx: ServiceContext,
  req: { file: string; scanId?: number }
): Promise<string> {
  const entries = await auditLog(ctx, req.scanId)
  const links = await chainLinks(
    ctx.store.k,
    entries.map((e) => e.id)
  )
  const rows = entries.map((e) => [
    e.id,
    e.createdAt,
    e.reviewer,
    e.path,
    e.sha256,
    e.predictionId,
    e.oldLabel,
    e.newLabel,
    e.note,
    links.get(e.id)?.prev_hash,
    links.get(e.id)?.hash
  ])
  writeCsvFile(
    req.file,
    [
      'entry',
      'created_at',
      'reviewer',
      'path',
      'sha256',
      'prediction_id',
      'old_label',
      'new_label',
      'note',
      'prev_hash',
      'hash'
    ],
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
  const r = await addReviewedToDataset(ctx.store, {
    dataset: req.dataset,
    scanId: req.scanId,
    create: req.create
  })
  const id = (await getDatasetByName(ctx.store.k, req.dataset))!.id
  const hasSplit = (await storedSplitSummary(ctx.store.k, id)) !== null
  const split =
    r.added > 0 || !hasSplit
      ? await splitDataset(ctx.store, id, { keepExisting: hasSplit })
      : await storedSplitSummary(ctx.store.k, id)
  return { ...r, split }
}

/**
 * One review from the command line, by the signed-in person where people sign in, else by the configured reviewer
 * (flag, LEUKOLENS_REVIEWER, the reviewer setting, else the login name: a terminal always has one, unlike the
 * window, which asks).
 */
export async function reviewImage(ctx: ServiceContext, r: Omit<NewReview, 'reviewer'>) {
  const person = await requireRole(ctx, 'review')
  return appendReview(ctx.store, { ...r, reviewer: person?.name ?? (await config(ctx)).reviewer })
}

export class UnknownImageError extends Error {
  override name = 'UnknownImageError'
}

/**
 * An image named by the user: a sha256, a unique prefix of one (as `history` prints 12 characters), or a path —
 * the file's current content when it exists, else the newest scanned file recorded under that path (the file may
 * have been moved since).
 */
export async function imageSha256(ctx: ServiceContext, target: string): Promise<string> {
  if (/^[0-9a-f]{64}$/i.test(target)) return target.toLowerCase()
  const path = resolve(target)
  if (existsSync(path) && statSync(path).isFile())
    return (await import('../core/scan/files')).sha256File(path)
  if (/^[0-9a-f]{6,63}$/i.test(target)) return shaOfPrefix(ctx, target.toLowerCase())
  const sha = await latestShaAtPath(ctx.store.k, path)
  const short = /^[0-9a-f]{1,5}$/i.test(target) ? ' (a SHA-256 prefix needs 6 characters or more)' : ''
  if (!sha) throw new UnknownImageError(`${path}: no such file, and no scan recorded a file there${short}`)
  return sha
}

async function shaOfPrefix(ctx: ServiceContext, prefix: string): Promise<string> {
  const found = await shasWithPrefix(ctx.store.k, prefix)
  if (found.length === 1) return found[0]
  if (!found.length)
    throw new UnknownImageError(
      `no scanned image has a SHA-256 starting with ${prefix} (and no file is named so)`
    )
  throw new UnknownImageError(
    `${prefix} is the start of ${found.length === 5 ? '5 or more' : found.length} scanned images' SHA-256 (${found.map((f) => f.slice(0, prefix.length + 4)).join(', ')}): give more characters`
  )
}

/**
 * What a review of `target` reviews: the image itself, or — for a whole field a field scan found white cells in —
 * one of its cells (`cell`, the number the scan's CSV and overlays give it; needed when the field has several).
 */
export async function reviewTarget(
  ctx: ServiceContext,
  target: string,
  cell?: number
): Promise<{ sha256: string; cell?: number; cells: FieldCellImage[] }> {
  const sha256 = await imageSha256(ctx, target)
  const cells = await cellsOfField(ctx.store.k, sha256)
  if (!cells.length) {
    if (cell !== undefined)
      throw new UnknownImageError(
        `${target}: no field scan found white cells in it, so it has no cell ${cell}`
      )
    return { sha256, cells }
  }
  const list = cells.map(describeCell).join('; ')
  if (cell === undefined && cells.length > 1)
    throw new UnknownImageError(
      `${target} is a whole field with ${cells.length} white cells (scan ${cells[0].scanId}): ${list}; name one with --cell N`
    )
  const chosen = cell === undefined ? cells[0] : cells.find((c) => c.cell === cell)
  if (!chosen) throw new UnknownImageError(`${target} has no cell ${cell} (scan ${cells[0].scanId}: ${list})`)
  return { sha256: chosen.sha256, cell: chosen.cell, cells }
}

/** "2: ALL 93.1% (3f2a…)": a field's cell as the command line lists it. */
export function describeCell(c: FieldCellImage): string {
  const answer =
    c.predicted === null ? 'unreadable' : `${c.predicted} ${(100 * (c.confidence ?? 0)).toFixed(1)}%`
  return `cell ${c.cell}: ${answer} (${c.sha256.slice(0, 12)})`
}

/** The cells a field scan found in a whole field (empty for any other image). */
export async function cellsOfImage(ctx: ServiceContext, target: string): Promise<FieldCellImage[]> {
  return cellsOfField(ctx.store.k, await imageSha256(ctx, target))
}

/** The audit log, oldest first: every entry, or one image's (named by sha256 or path). */
export async function reviewEntries(ctx: ServiceContext, image?: string) {
  return image ? reviewHistory(ctx.store.k, await imageSha256(ctx, image)) : reviewLog(ctx.store.k)
}
