import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { appendReview, reviewHistory, reviewLog, type NewReview } from '../core/review/log'
import type { ServiceContext } from './context'
import { config } from './settings'
import { latestShaAtPath } from '../core/db/queries/scans'

/**
 * One review in the append-only audit log, by the configured reviewer (flag, LEUKOLENS_REVIEWER, the reviewer
 * setting, else the login name: the same for the window and the command line).
 */
export function reviewImage(ctx: ServiceContext, r: Omit<NewReview, 'reviewer'>) {
  return appendReview(ctx.db, { ...r, reviewer: config(ctx).reviewer })
}

export class UnknownImageError extends Error {
  override name = 'UnknownImageError'
}

/**
 * An image named by the user: a sha256, or a path — the file's current content when it exists, else the newest
 * scanned file recorded under that path (the file may have been moved since).
 */
export async function imageSha256(ctx: ServiceContext, target: string): Promise<string> {
  if (/^[0-9a-f]{64}$/i.test(target)) return target.toLowerCase()
  const path = resolve(target)
  if (existsSync(path) && statSync(path).isFile())
    return (await import('../core/scan/files')).sha256File(path)
  const sha = latestShaAtPath(ctx.db, path)
  if (!sha) throw new UnknownImageError(`${path}: no such file, and no scan recorded a file there`)
  return sha
}

/** The audit log, oldest first: every entry, or one image's. */
export async function reviewEntries(ctx: ServiceContext, image?: string) {
  return image ? reviewHistory(ctx.db, await imageSha256(ctx, image)) : reviewLog(ctx.db)
}

/** Reviewed images into a dataset with their reviewed labels (for the next training). */
export async function reviewedToDataset(
  ctx: ServiceContext,
  o: { dataset: string; scanId?: number; create?: boolean }
) {
  return (await import('../core/review/to-dataset')).addReviewedToDataset(ctx.db, o)
}
