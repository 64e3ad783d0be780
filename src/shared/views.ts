/**
 * The plain data the screens show, as zod schemas with their inferred types: what the calls of the contract
 * (contract.ts, calls/) take and return. Kept apart from the calls so that each call group can import them.
 */
import { z } from 'zod'
import { DatasetDetails } from './types/datasets'
import { BackboneSummary, BackendInfo } from './types/engine'
import { ModelVersion } from './types/models'
import { HistoryFilter, HistoryRow, ScanRecord } from './types/scan'
import { ClassificationMetrics, ClassWeightRule, MonitorRule, OperatingPoint } from './types/training'
import { exactObject, int, text } from './wire'

export const BackendChoice = z.enum(['auto', 'tfjs-node-gpu', 'tfjs-node', 'onnxruntime', 'wasm'])
export type BackendChoice = z.infer<typeof BackendChoice>
export const ThemeChoice = z.enum(['system', 'light', 'dark'])
export type ThemeChoice = z.infer<typeof ThemeChoice>

export const Settings = z.object({
  /** The data folder in use (changing it takes effect at the next start). */
  dataDir: z.string(),
  /** The data folder chosen for the next start, when it differs. */
  nextDataDir: z.string().optional(),
  backend: BackendChoice,
  /**
   * Predictions with a confidence below this are flagged for review: the stored choice, else the active model
   * version's own threshold (chosen on its validation images), else 0.80 — `reviewThresholdFrom` says which.
   */
  reviewThreshold: z.number(),
  reviewThresholdFrom: z.enum(['setting', 'model', 'default']).optional(),
  reviewer: z.string(),
  theme: ThemeChoice,
  /** Images over this many megapixels are refused from their header, before decoding (scans, imports; 50 by default). */
  maxMegapixels: z.number(),
  /** A sample whose share of unfamiliar cells is above this (0..1) gets no class percentages (0.1 by default). */
  unfamiliarLimit: z.number(),
  /** Cells a sample's differential counts before it can be signed: 100 or 200 (100 by default). */
  differentialTarget: z.number(),
  /** Hours between control runs of each QC set (Home says "QC due" after that); null: no schedule. */
  qcEveryHours: z.number().nullable(),
  /**
   * The shared PostgreSQL database chosen here (from the next start), its password masked; absent: this
   * workstation's own database in the data folder.
   */
  databaseUrl: z.string().optional()
})
export type Settings = z.infer<typeof Settings>

/** The settings a user can set and unset (the data folder by the one chosen for the next start). */
export const SettingName = z.enum([
  'nextDataDir',
  'backend',
  'reviewThreshold',
  'reviewer',
  'theme',
  'maxMegapixels',
  'unfamiliarLimit',
  'differentialTarget',
  'qcEveryHours',
  'databaseUrl'
])
export type SettingName = z.infer<typeof SettingName>

export const AppInfo = z.object({ version: z.string(), platform: z.string(), dataDir: z.string() })
export type AppInfo = z.infer<typeof AppInfo>

/** A dataset in full plus a few images per class for thumbnails. */
export const DatasetDetail = DatasetDetails.extend({
  samples: z.array(z.object({ path: z.string(), label: z.string().nullable() }))
})
export type DatasetDetail = z.infer<typeof DatasetDetail>

/** Test metrics as the engine stores them (with the ROC points for two-class versions trained since they are kept). */
export const MetricsView = ClassificationMetrics
export type MetricsView = z.infer<typeof MetricsView>

/** A registry version plus its test metrics at the top level, which every screen shows. */
export const ModelView = ModelVersion.extend({ test: MetricsView.nullable() })
export type ModelView = z.infer<typeof ModelView>

export const TrainOptions = exactObject({
  dataset: text(200),
  backbone: text(200),
  epochs: int(1, 1000).optional(),
  batchSize: int(1, 4096).optional(),
  seed: int().optional(),
  classWeight: ClassWeightRule.optional(),
  monitor: MonitorRule.optional(),
  flip: z.boolean().optional(),
  targetSensitivity: z.number().min(0).max(1).optional(),
  /** Decision rule chosen on validation (balanced, or a sensitivity or specificity to reach). */
  operatingPoint: OperatingPoint.optional(),
  /** Named recipe (the engine's list; default: the measured one). */
  recipe: text(40).optional(),
  /** Logistic recipe: its L2 strength. */
  l2: z.number().positive().max(100).optional()
})
export type TrainOptions = z.infer<typeof TrainOptions>

export const TrainResult = z.object({
  /** The new version, stored but not yet kept: the user keeps or discards it. */
  model: ModelView,
  /** Images per split left out for having no stored features (unreadable at extraction); the test ones by path. */
  leftOut: z.object({ train: z.number(), val: z.number(), test: z.number(), testPaths: z.array(z.string()) })
})
export type TrainResult = z.infer<typeof TrainResult>

/** One file of a scan with its prediction and current review: what the grid, the detail and the history show. */
export const PredictionView = HistoryRow
export type PredictionView = z.infer<typeof PredictionView>

/** A scan with its counts, for lists. */
export const ScanSummary = ScanRecord.extend({
  files: z.number(),
  unreadable: z.number(),
  flagged: z.number(),
  reviewed: z.number(),
  countsByClass: z.record(z.string(), z.number()),
  /** White cells found in whole fields (a scan with the "whole fields" switch); 0 for a scan of cell images. */
  cells: z.number(),
  /**
   * For a scan whose record says running: whether it still runs (its process on its machine, a recent heartbeat
   * from another machine, or queued batches), or stopped without finishing (a rerun resumes it).
   */
  alive: z.boolean().optional()
})
export type ScanSummary = z.infer<typeof ScanSummary>

export const PREDICTION_SORTS = ['confidence-asc', 'confidence-desc', 'newest', 'path'] as const
/** History filters plus what the review grid needs: text search, sort and paging. */
export const PredictionFilter = HistoryFilter.extend({
  /** The label a file has now: its newest review's, else the model's answer. */
  finalLabel: text(200).optional(),
  search: text(500).optional(),
  sort: z.enum(PREDICTION_SORTS).optional(),
  /** Start after the row this cursor names (a page's `next`, for the same filter and sort); `offset` skips on. */
  after: text(2000).optional(),
  offset: int().optional(),
  /** Count every match exactly, however long that takes (else the count looks only a little past the page). */
  countAll: z.boolean().optional()
})
export type PredictionFilter = z.infer<typeof PredictionFilter>

/** One page of the History and how many rows match. */
export const PredictionPage = z.object({
  rows: z.array(PredictionView),
  /** How many rows match; with `totalExact` false, more than this many (the count stopped there). */
  total: z.number(),
  totalExact: z.boolean(),
  /** The next page's cursor (`after`); null on the last page. */
  next: z.string().nullable()
})
export type PredictionPage = z.infer<typeof PredictionPage>

export const GradCamView = z.object({
  path: z.string(),
  className: z.string(),
  /** PNG files in the data folder, shown through the image protocol. */
  overlayPath: z.string(),
  heatmapPath: z.string(),
  /** What ran the frozen base's forward pass (`onnxruntime (cpu)`, `wasm`…); the gradient part is TF.js. */
  featureMapBackend: z.string(),
  /** What it was computed from: the image file, or a copy the store keeps of a cell whose file is not here. */
  source: z.enum(['file', 'input-copy', 'thumbnail']),
  /** Shown with the heatmap when it is not from the file: from which copy, and how its probability differs. */
  note: z.string().nullable()
})
export type GradCamView = z.infer<typeof GradCamView>

export const QuickCheckItem = z.object({
  prediction: PredictionView.nullable(),
  /**
   * Why the image is unlike the model's training data (the OOD score, the image checks); empty when it looks like
   * it; absent when the version has no reference to check against.
   */
  unfamiliar: z.array(z.string()).optional(),
  error: z.string().optional(),
  gradcam: GradCamView.nullable().optional()
})
export type QuickCheckItem = z.infer<typeof QuickCheckItem>

export const HomeSummary = z.object({
  activeModel: ModelView.nullable(),
  /** TF.js (head training, Grad-CAM's gradient, and the backbones ONNX Runtime does not run), with `onnx` set. */
  backend: BackendInfo.nullable(),
  /** The Settings choice: with a TF.js backend forced, ONNX Runtime runs nothing. */
  backendChoice: BackendChoice,
  recentScans: z.array(ScanSummary),
  datasets: z.number(),
  backbones: z.array(BackboneSummary),
  /** First-run guidance the UI shows until done. */
  missing: z.array(z.enum(['densenet-weights', 'dataset', 'model']))
})
export type HomeSummary = z.infer<typeof HomeSummary>

export const EngineState = z.enum(['starting', 'ready', 'crashed', 'restarting'])
export type EngineState = z.infer<typeof EngineState>

export const ScreenName = z.enum([
  'home',
  'quick',
  'datasets',
  'training',
  'models',
  'scan',
  'history',
  'audit',
  'qc',
  'validation',
  'settings'
])
export type ScreenName = z.infer<typeof ScreenName>
