/**
 * Plain data of the researcher loop in the app: reviewed images into a dataset, a version evaluated on any
 * dataset, and two versions compared on one scan. No Node or Electron imports here.
 */
import type { SplitSummary } from './datasets'
import type { ClassificationMetrics, OperatingThreshold } from './training'
import type { ReviewEntry } from './scan'

/** An audit-log entry with the newest path a scan saw for its image (null when none did). */
export type AuditEntry = ReviewEntry & { path: string | null }

export interface AddReviewedResult {
  dataset: string
  created: boolean
  added: number
  relabelled: number
  unchanged: number
  skipped: { sha256: string; path: string | null; reason: string }[]
  /** The dataset's split after the new images were placed (existing images keep theirs); null when it has none. */
  split: SplitSummary | null
}

export interface Evaluation {
  modelId: string
  dataset: string
  split: 'test' | 'all'
  threshold: OperatingThreshold | null
  metrics: ClassificationMetrics
  /** Images without stored features (unreadable), left out. */
  missing: number
}

/** One model's answer on one image. */
export interface ModelAnswer {
  predicted: string
  confidence: number
  flagged: boolean
}

export interface ComparedImage {
  path: string
  sha256: string
  a: ModelAnswer | null
  b: ModelAnswer | null
  /** The reviewed label, where a person gave one. */
  reviewed: string | null
}

export interface ModelComparison {
  scanId: number
  a: string
  b: string
  /** Images of the scan with a prediction from both versions. */
  both: number
  agree: number
  /** Images with no prediction from version a / b yet (scan the folder with that version to fill them). */
  missingA: number
  missingB: number
  /** Only the images where both versions answered and their answers differ. */
  disagreements: ComparedImage[]
}
