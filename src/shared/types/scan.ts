/**
 * Plain data of the scan domain — scans, predictions, unreadable files, reviews and history filters — as the
 * command line prints them and the app shows them. No Node or Electron imports here.
 */

export type ScanStatus = 'running' | 'done' | 'cancelled' | 'failed'

export interface ScanRecord {
  id: number
  folder: string
  recursive: boolean
  modelId: string
  tta: boolean
  /** Confidence below which a prediction is flagged for review, as used by this scan. */
  flagThreshold: number
  status: ScanStatus
  startedAt: string
  finishedAt: string | null
}

/** One model output for one image content under one model version. */
export interface Prediction {
  id: number
  sha256: string
  modelId: string
  /** Class names in the model's output order. */
  classes: string[]
  /** Probabilities in the order of `classes`. */
  probabilities: number[]
  predicted: string
  /** Probability of the predicted class. */
  confidence: number
  flagged: boolean
  /**
   * Distance of the image's features from the model's training features (larger = less like them) and whether it
   * passed the model's threshold ("looks unlike the training data"). Null for models without a detector and for
   * predictions made before issue 11.
   */
  oodScore?: number | null
  ood?: boolean | null
  /** Why the prediction was flagged ('; '-joined), null when not flagged or unknown. */
  flagReason?: string | null
  tta: boolean
  backend: string
  /** ISO-8601 UTC. */
  scannedAt: string
}

/** The current review state of an image content, derived from the newest entry of the audit log. */
export interface ReviewState {
  label: string
  reviewer: string
  note: string | null
  reviewedAt: string
}

/** One line of the append-only review audit log. */
export interface ReviewEntry {
  id: number
  sha256: string
  predictionId: number | null
  /** The label the image had just before: the previous review's label, or else the model's prediction. */
  oldLabel: string | null
  newLabel: string
  note: string | null
  reviewer: string
  createdAt: string
}

/** A row of the history: one file seen by a scan, with its prediction and current review. */
export interface HistoryRow {
  scanId: number
  path: string
  sha256: string
  prediction: Prediction
  review: ReviewState | null
}

/** A file a scan could not read, with the reason. */
export interface UnreadableFile {
  scanId: number
  path: string
  reason: string
}

export interface HistoryFilter {
  /** ISO date or date-time; inclusive. */
  from?: string
  /** ISO date or date-time; a bare date includes the whole day. */
  to?: string
  /** Paths under this folder. */
  folder?: string
  predicted?: string
  modelId?: string
  flagged?: boolean
  reviewed?: boolean
  scanId?: number
  limit?: number
}

/** What a scan ends with. */
export interface ScanSummary {
  scanId: number
  modelId: string
  folder: string
  files: number
  /** Predictions computed by this run. */
  computed: number
  /** Files whose content already had a prediction from the same model version (resume). */
  reused: number
  /** Files of this run with the same content as another file of it: computed once, counted as classified. */
  duplicates: number
  unreadable: number
  flagged: number
  /** Files whose image looks unlike the model's training data (OOD score or image checks); flagged too. */
  unfamiliar: number
  countsByClass: Record<string, number>
  seconds: number
  /** Images per second over the computed ones. */
  rate: number
  backend: string
  cancelled: boolean
  /** Tensors left alive by this run: main thread (head) plus extraction workers. Must be 0. */
  tensorsLeaked: number
}

/** Pushed for each finished file, so the app can fill its table while the scan runs. */
export interface ScanItemEvent {
  scanId: number
  path: string
  sha256: string | null
  predicted?: string
  confidence?: number
  flagged?: boolean
  ood?: boolean
  flagReason?: string | null
  reused?: boolean
  error?: string
}
