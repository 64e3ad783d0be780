/**
 * Plain data of the researcher loop in the app: reviewed images into a dataset, a version evaluated on any
 * dataset, and two versions compared on one scan. No Node or Electron imports here.
 */
import { z } from 'zod'
import { SplitSummary } from './datasets'
import { ClassificationMetrics, OperatingThreshold } from './training'
import { ReviewEntry } from './scan'

/** An audit-log entry with the newest path a scan saw for its image (null when none did). */
export const AuditEntry = ReviewEntry.extend({ path: z.string().nullable() })
export type AuditEntry = z.infer<typeof AuditEntry>

export const AddReviewedResult = z.object({
  dataset: z.string(),
  created: z.boolean(),
  added: z.number(),
  relabelled: z.number(),
  unchanged: z.number(),
  skipped: z.array(z.object({ sha256: z.string(), path: z.string().nullable(), reason: z.string() })),
  /** The dataset's split after the new images were placed (existing images keep theirs); null when it has none. */
  split: SplitSummary.nullable()
})
export type AddReviewedResult = z.infer<typeof AddReviewedResult>

export const Evaluation = z.object({
  modelId: z.string(),
  dataset: z.string(),
  split: z.enum(['test', 'all']),
  threshold: OperatingThreshold.nullable(),
  metrics: ClassificationMetrics,
  /** Images without stored features (unreadable), left out. */
  missing: z.number()
})
export type Evaluation = z.infer<typeof Evaluation>

/** One model's answer on one image. */
export const ModelAnswer = z.object({ predicted: z.string(), confidence: z.number(), flagged: z.boolean() })
export type ModelAnswer = z.infer<typeof ModelAnswer>

export const ComparedImage = z.object({
  path: z.string(),
  sha256: z.string(),
  a: ModelAnswer.nullable(),
  b: ModelAnswer.nullable(),
  /** The reviewed label, where a person gave one. */
  reviewed: z.string().nullable()
})
export type ComparedImage = z.infer<typeof ComparedImage>

export const ModelComparison = z.object({
  scanId: z.number(),
  a: z.string(),
  b: z.string(),
  /** Images of the scan with a prediction from both versions. */
  both: z.number(),
  agree: z.number(),
  /** Images with no prediction from version a / b yet (scan the folder with that version to fill them). */
  missingA: z.number(),
  missingB: z.number(),
  /** Only the images where both versions answered and their answers differ. */
  disagreements: z.array(ComparedImage)
})
export type ModelComparison = z.infer<typeof ModelComparison>
