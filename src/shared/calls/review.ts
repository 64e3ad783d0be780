/**
 * The review calls of the contract: reviews, their undo, the append-only audit log and its chain, reviewed images
 * into a dataset. Spread into CALLS (contract.ts); kept in their own file so the contract stays readable.
 */
import { z } from 'zod'
import { call, saveToken } from './call'
import { AddReviewedResult, AuditEntry } from '../types/researcher'
import { ReviewState } from '../types/scan'
import { exactObject, int, none, text } from '../wire'

export const REVIEW_CALLS = {
  'review:submit': call(
    exactObject({
      sha256: text(64),
      predictionId: int(1).optional(),
      label: text(200),
      note: text(4000).optional(),
      /** The decision the reviewer saw (ReviewState.entryId; null: none): a newer one is named, not overwritten. */
      seenEntryId: int(1).nullable().optional()
    }),
    ReviewState
  ),
  /** Several images at once (bulk confirm or relabel), in one transaction: all or none are stored. */
  'review:submitMany': call(
    exactObject({
      items: z
        .array(
          exactObject({
            sha256: text(64),
            predictionId: int(1).optional(),
            label: text(200),
            seenEntryId: int(1).nullable().optional()
          })
        )
        .max(10_000),
      note: text(4000).optional()
    }),
    z.array(ReviewState)
  ),
  /** Undo an image's newest review: a NEW entry restoring the label it had before (the log stays append-only). */
  'review:undo': call(exactObject({ sha256: text(64) }), ReviewState),
  'review:log': call(exactObject({ scanId: int(1).optional() }), z.array(AuditEntry)),
  'review:export': call(exactObject({ saveToken, scanId: int(1).optional() }), z.string()),
  /** Reviewed images into a dataset with their reviewed labels; new ones get a split, existing splits are kept. */
  'review:toDataset': call(
    exactObject({ dataset: text(200), scanId: int(1).optional(), create: z.boolean().optional() }),
    AddReviewedResult
  ),
  /** The review audit log's hash chain, walked end to end (review/chain.ts). */
  'review:verify': call(
    none,
    z.object({
      ok: z.boolean(),
      entries: z.number(),
      lastHash: z.string(),
      broken: z.object({ id: z.number(), reason: z.string() }).optional(),
      /** The head kept outside the database it was compared with (review/anchor.ts); null: none written yet. */
      anchor: z.object({ file: z.string(), entries: z.number(), lastHash: z.string() }).nullable().optional()
    })
  )
}
