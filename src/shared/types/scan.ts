/**
 * Plain data of the scan domain — scans, predictions, unreadable files, reviews and history filters — as the
 * command line prints them and the app shows them. No Node or Electron imports here.
 */
import { z } from 'zod'
import { exactObject, int, text } from '../wire'

export const ScanStatus = z.enum(['running', 'done', 'cancelled', 'failed'])
export type ScanStatus = z.infer<typeof ScanStatus>

/** `scan`: a folder scan; `quick`: a quick check of picked files (its `folder` is only where the first one was). */
export const ScanKind = z.enum(['scan', 'quick'])
export type ScanKind = z.infer<typeof ScanKind>

export const ScanRecord = z.object({
  id: z.number(),
  kind: ScanKind,
  folder: z.string(),
  recursive: z.boolean(),
  modelId: z.string(),
  tta: z.boolean(),
  /** Confidence below which a prediction is flagged for review, as used by this scan. */
  flagThreshold: z.number(),
  status: ScanStatus,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The machine that runs (or last ran) it, its process there, and when it last said it still runs. */
  host: z.string().nullable().optional(),
  pid: z.number().nullable().optional(),
  heartbeatAt: z.string().nullable().optional(),
  /** Spread over the lab's workers as queued batches (no process of its own). */
  queued: z.boolean().optional()
})
export type ScanRecord = z.infer<typeof ScanRecord>

/** One model output for one image content under one model version. */
export const Prediction = z.object({
  id: z.number(),
  sha256: z.string(),
  modelId: z.string(),
  /** Class names in the model's output order. */
  classes: z.array(z.string()),
  /** Probabilities in the order of `classes`. */
  probabilities: z.array(z.number()),
  predicted: z.string(),
  /** Probability of the predicted class. */
  confidence: z.number(),
  flagged: z.boolean(),
  /**
   * Distance of the image's features from the model's training features (larger = less like them) and whether it
   * passed the model's threshold ("looks unlike the training data"). Null for models without a detector and for
   * predictions made before versions had one.
   */
  oodScore: z.number().nullable().optional(),
  ood: z.boolean().nullable().optional(),
  /** Why the prediction was flagged ('; '-joined), null when not flagged or unknown. */
  flagReason: z.string().nullable().optional(),
  tta: z.boolean(),
  backend: z.string(),
  /** ISO-8601 UTC. */
  scannedAt: z.string()
})
export type Prediction = z.infer<typeof Prediction>

/** The current review state of an image content, derived from the newest entry of the audit log. */
export const ReviewState = z.object({
  label: z.string(),
  reviewer: z.string(),
  note: z.string().nullable(),
  reviewedAt: z.string(),
  /** The log entry this state is: what a later review states it saw (`seenEntryId`). */
  entryId: z.number().optional()
})
export type ReviewState = z.infer<typeof ReviewState>

/** One line of the append-only review audit log. */
export const ReviewEntry = z.object({
  id: z.number(),
  sha256: z.string(),
  predictionId: z.number().nullable(),
  /** The label the image had just before: the previous review's label, or else the model's prediction. */
  oldLabel: z.string().nullable(),
  newLabel: z.string(),
  note: z.string().nullable(),
  reviewer: z.string(),
  createdAt: z.string()
})
export type ReviewEntry = z.infer<typeof ReviewEntry>

/** A row of the history: one file seen by a scan, with its prediction and current review. */
export const HistoryRow = z.object({
  scanId: z.number(),
  path: z.string(),
  sha256: z.string(),
  prediction: Prediction,
  review: ReviewState.nullable(),
  /** For a cell found in a whole field: that field and the cell's number in it (`path` is the cell's crop). */
  field: z.object({ path: z.string(), cell: z.number() }).optional()
})
export type HistoryRow = z.infer<typeof HistoryRow>

/** A file a scan could not read, with the reason. */
export const UnreadableFile = z.object({ scanId: z.number(), path: z.string(), reason: z.string() })
export type UnreadableFile = z.infer<typeof UnreadableFile>

/** Which predictions the history shows; also a call argument, hence the bounds. */
export const HistoryFilter = exactObject({
  /** ISO date or date-time; inclusive. */
  from: text(40).optional(),
  /** ISO date or date-time; a bare date includes the whole day. */
  to: text(40).optional(),
  /** Paths under this folder. */
  folder: text().optional(),
  predicted: text(200).optional(),
  modelId: text(100).optional(),
  flagged: z.boolean().optional(),
  reviewed: z.boolean().optional(),
  scanId: int().optional(),
  limit: int(1, 10_000).optional()
})
export type HistoryFilter = z.infer<typeof HistoryFilter>

/** What a scan ends with. */
export const ScanSummary = z.object({
  scanId: z.number(),
  modelId: z.string(),
  folder: z.string(),
  files: z.number(),
  /** Predictions computed by this run. */
  computed: z.number(),
  /** Files whose content already had a prediction from the same model version (resume). */
  reused: z.number(),
  /** Files of this run with the same content as another file of it: computed once, counted as classified. */
  duplicates: z.number(),
  unreadable: z.number(),
  flagged: z.number(),
  /** Files whose image looks unlike the model's training data (OOD score or image checks); flagged too. */
  unfamiliar: z.number(),
  countsByClass: z.record(z.string(), z.number()),
  seconds: z.number(),
  /** Images per second over the computed ones. */
  rate: z.number(),
  backend: z.string(),
  cancelled: z.boolean(),
  /** Tensors left alive by this run: main thread (head) plus extraction workers. Must be 0. */
  tensorsLeaked: z.number(),
  /** Subfolders a recursive scan left out (unreadable, a symlink loop, a broken link), each with why. */
  skippedFolders: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** The earlier record this run continued: unfinished (resumed) or finished (a rerun); absent for a new one. */
  continued: z.enum(['unfinished', 'finished']).optional()
})
export type ScanSummary = z.infer<typeof ScanSummary>

/** Pushed for each finished file, so the app can fill its table while the scan runs. */
export const ScanItemEvent = z.object({
  scanId: z.number(),
  path: z.string(),
  sha256: z.string().nullable(),
  predicted: z.string().optional(),
  confidence: z.number().optional(),
  flagged: z.boolean().optional(),
  ood: z.boolean().optional(),
  flagReason: z.string().nullable().optional(),
  reused: z.boolean().optional(),
  error: z.string().optional()
})
export type ScanItemEvent = z.infer<typeof ScanItemEvent>

/** A count out of the sample's cells: percent and its 95% Wilson score interval (in percent). */
export const Proportion = z.object({
  count: z.number(),
  percent: z.number(),
  low: z.number(),
  high: z.number()
})
export type Proportion = z.infer<typeof Proportion>

/**
 * One sample of a whole-field scan (a scanned folder, or a subject named in the file names), or a folder scan as
 * a whole: cells found, per-class counts by the label each cell has now (its review, else the model's answer),
 * flagged and reviewed. Unfamiliar cells (unlike the model's training data) are counted apart and enter no class
 * percentage; above the unfamiliar limit the sample gets no class percentages at all (`withheld`, with `reason`).
 */
export const SampleCount = z.object({
  sample: z.string(),
  fields: z.number(),
  cells: z.number(),
  /** Cells unlike the model's training data: counted apart, never in `byClass`. */
  unfamiliar: z.number(),
  /** The cells the class percentages rest on: found minus unfamiliar. */
  counted: z.number(),
  /** Empty when withheld. */
  byClass: z.record(z.string(), Proportion),
  flagged: z.number(),
  reviewed: z.number(),
  /** Flagged cells nobody has reviewed yet. */
  flaggedUnreviewed: z.number(),
  withheld: z.boolean(),
  /** Why the sample has no result ("No result: N of M cells are unlike this model's training data"). */
  reason: z.string().optional()
})
export type SampleCount = z.infer<typeof SampleCount>

/** Whether a person may sign a scan's result; `reasons` says why not, one sentence each. */
export const SignOffState = z.object({ possible: z.boolean(), reasons: z.array(z.string()) })
export type SignOffState = z.infer<typeof SignOffState>

/** One side of the batch-drift test (core/trust/drift.ts): a count against the model's validation share. */
export const DriftCheck = z.object({
  what: z.enum(['unfamiliar', 'flagged']),
  count: z.number(),
  of: z.number(),
  expected: z.number(),
  p: z.number(),
  fires: z.boolean()
})

/** Whether a scanned batch looks unlike what the model was validated on (one-sided binomial test, p < 0.01). */
export const BatchDrift = z.object({
  different: z.boolean(),
  checks: z.array(DriftCheck),
  message: z.string().optional()
})
export type BatchDrift = z.infer<typeof BatchDrift>

/**
 * A stored scan's result as it stands now: the scan as one sample (`sample` is the scanned folder's name), the
 * per-sample counts of a whole-field scan, and whether it can be signed off.
 */
export const ScanResultView = z.object({
  scanId: z.number(),
  result: SampleCount,
  samples: z.array(SampleCount).optional(),
  signOff: SignOffState,
  /** Absent when the model version has no validation shares to compare with (trained before them, or imported). */
  drift: BatchDrift.optional()
})
export type ScanResultView = z.infer<typeof ScanResultView>

/** A white cell found in a field: its box in the field's own pixels, and the crop that was classified. */
export const FieldCellBox = z.object({
  /** 1-based within the field. */
  cell: z.number(),
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
  score: z.number(),
  /** The crop image: the `path` of the cell's prediction row. */
  cropPath: z.string()
})
export type FieldCellBox = z.infer<typeof FieldCellBox>

/** One field of a whole-field scan with the size of its image (0 × 0 when the file is gone) and its cells. */
export const FieldView = z.object({
  path: z.string(),
  width: z.number(),
  height: z.number(),
  /** Why the field cannot be shown now (moved, deleted), else absent. */
  missing: z.string().optional(),
  cells: z.array(FieldCellBox)
})
export type FieldView = z.infer<typeof FieldView>

/** A whole-field scan's fields and per-sample counts, as the field view and the summary show them. */
export const ScanFields = z.object({
  scanId: z.number(),
  fields: z.array(FieldView),
  samples: z.array(SampleCount)
})
export type ScanFields = z.infer<typeof ScanFields>
