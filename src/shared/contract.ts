/**
 * The one contract between the window and the engine: every call (request → response) and every push event,
 * each a zod schema; the TypeScript types are inferred from them, so a field exists in both or in neither.
 * Main (IPC bridge, dispatcher), the test transport (HTTP/SSE), the preload and the renderer are all typed
 * against it, and the channel names exist only here (the keys of CALLS / EVENTS). Runs anywhere: no Node, no DOM,
 * no electron.
 *
 * Long calls (import, training, scan, quick check) take a renderer-chosen `jobId`; their progress arrives as
 * `job:progress` events with that id, and the call's promise resolves with the final result. `job:cancel`
 * stops one. This keeps results in the call that asked for them while progress streams separately.
 */
import { z } from 'zod'
import { Progress } from './types/progress'
import { BackboneSummary, BackendInfo, QuantizeBackboneResult } from './types/engine'
import { DatasetDetails, DatasetListItem, ImportSummary, SplitSummary } from './types/datasets'
import {
  ClassWeightRule,
  ClassificationMetrics,
  EpochLog,
  MonitorRule,
  OperatingPoint
} from './types/training'
import { ModelVersion } from './types/models'
import { ModelAgreement } from './types/trust'
import {
  HistoryFilter,
  HistoryRow,
  ReviewState,
  ScanFields,
  ScanResultView,
  ScanItemEvent,
  ScanRecord,
  UnreadableFile
} from './types/scan'
import { NormalizeMode } from './types/preprocessing'
import { AddReviewedResult, AuditEntry, Evaluation, ModelComparison } from './types/researcher'
import { LAB_CALLS } from './calls/lab'
import { fields, int, none, text } from './wire'
import { MAX_MEGAPIXELS } from './names'

export { IMAGE_SCHEME, IPC_CALL, IPC_EVENT, type WireError } from './ipc'

// ---------- plain data the screens show ----------

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
  unfamiliarLimit: z.number()
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
  'unfamiliarLimit'
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

export const TrainOptions = fields({
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
  cells: z.number()
})
export type ScanSummary = z.infer<typeof ScanSummary>

export const PREDICTION_SORTS = ['confidence-asc', 'confidence-desc', 'newest', 'path'] as const
/** History filters plus what the review grid needs: text search, sort and paging. */
export const PredictionFilter = HistoryFilter.extend({
  /** The label a file has now: its newest review's, else the model's answer. */
  finalLabel: text(200).optional(),
  search: text(500).optional(),
  sort: z.enum(PREDICTION_SORTS).optional(),
  offset: int().optional()
})
export type PredictionFilter = z.infer<typeof PredictionFilter>

export const GradCamView = z.object({
  path: z.string(),
  className: z.string(),
  /** PNG files in the data folder, shown through the image protocol. */
  overlayPath: z.string(),
  heatmapPath: z.string(),
  /** What ran the frozen base's forward pass (`onnxruntime (cpu)`, `wasm`…); the gradient part is TF.js. */
  featureMapBackend: z.string()
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

// ---------- calls ----------

const jobId = text(64)
/** What an export call writes to: the token `dialog:save` returned, never a path (the window names no file). */
const saveToken = text(100)
const call = <Req extends z.ZodType, Res extends z.ZodType>(req: Req, res: Res) => ({ req, res })

/**
 * Every call: the schema of its argument (validated in main and in the test transport before any service runs;
 * strict objects, so an unknown field is refused) and of its response. The keys are the channel names.
 */
export const CALLS = {
  'app:info': call(none, AppInfo),
  'app:home': call(none, HomeSummary),
  'doctor:backend': call(none, BackendInfo),
  'settings:get': call(none, Settings),
  'settings:set': call(
    fields({
      nextDataDir: text().optional(),
      backend: BackendChoice.optional(),
      reviewThreshold: z.number().min(0).max(1).optional(),
      reviewer: text(200).optional(),
      theme: ThemeChoice.optional(),
      maxMegapixels: z.number().gt(0).max(MAX_MEGAPIXELS).optional(),
      unfamiliarLimit: z.number().min(0).max(1).optional(),
      /** Settings to forget: each goes back to its default (the data folder: the per-user one, next start). */
      unset: z.array(SettingName).optional()
    }),
    Settings
  ),
  'dialog:open': call(
    fields({ kind: z.enum(['folder', 'files', 'model', 'weights']), title: text(200).optional() }),
    z.array(z.string())
  ),
  /**
   * Main shows the save dialog and keeps the chosen path; the window gets only a one-time token for it, which one
   * export call below spends (services/save-targets.ts). Null when the user cancelled.
   */
  'dialog:save': call(
    fields({ title: text(200).optional(), defaultName: text(255), ext: text(16) }),
    z.object({ saveToken: z.string() }).nullable()
  ),
  'datasets:list': call(none, z.array(DatasetListItem)),
  'datasets:get': call(fields({ name: text(200) }), DatasetDetail),
  'datasets:import': call(
    fields({ jobId, folder: text(), name: text(200).optional(), map: text(2000).optional() }),
    ImportSummary
  ),
  'datasets:split': call(fields({ name: text(200), seed: int().optional() }), SplitSummary),
  'datasets:delete': call(fields({ name: text(200) }), z.void()),
  'backbones:list': call(none, z.array(BackboneSummary)),
  'backbones:add': call(
    fields({
      path: text(),
      name: text(200),
      normalize: NormalizeMode.optional(),
      inputSize: int(16, 2048).optional()
    }),
    BackboneSummary
  ),
  /** An int8 copy of a backbone calibrated on a dataset's images (Settings: "make a faster int8 copy"). */
  'backbones:quantize': call(
    fields({
      jobId,
      backbone: text(200),
      dataset: text(200),
      images: int(8, 100_000).optional(),
      name: text(200).optional()
    }),
    QuantizeBackboneResult
  ),
  'training:start': call(fields({ jobId, options: TrainOptions }), TrainResult),
  'models:list': call(none, z.array(ModelView)),
  'models:activate': call(fields({ id: text(100) }), z.void()),
  'models:rename': call(fields({ id: text(100), name: text(200) }), z.void()),
  'models:export': call(fields({ id: text(100), saveToken }), z.string()),
  /** A Leukolens archive, or the notebook's Keras model (`.keras`, legacy `.h5`); `classes` names a Keras model's outputs in order. */
  'models:import': call(
    fields({ file: text(), name: text(200).optional(), classes: z.array(text(200)).max(100).optional() }),
    ModelView
  ),
  'models:delete': call(fields({ id: text(100) }), z.void()),
  /** Reviewers' agreement with a version in use, flagged and unflagged cells apart, and how it moved by day. */
  'models:agreement': call(fields({ id: text(100) }), ModelAgreement),
  'scan:start': call(
    fields({
      jobId,
      folder: text(),
      modelId: text(100).optional(),
      recursive: z.boolean().optional(),
      tta: z.boolean().optional(),
      rescan: z.boolean().optional(),
      /** Whole fields: find every white cell in each image, then classify each cell (`scan --fields`). */
      fields: z.boolean().optional()
    }),
    z.object({
      scan: ScanSummary,
      unreadable: z.array(UnreadableFile),
      /** Whole-field scans only: fields read and those in which no white cell was found. */
      fields: z.object({ fields: z.number(), withoutCells: z.array(z.string()) }).optional(),
      /** Subfolders a recursive scan left out (unreadable, a symlink loop, a broken link), each with why. */
      skippedFolders: z.array(z.object({ path: z.string(), reason: z.string() }))
    })
  ),
  /** A whole-field scan's fields with each cell's box (field pixels) and its per-sample counts as they stand now. */
  'scan:fields': call(fields({ scanId: int(1) }), ScanFields),
  /** A scan's result as it stands now (reviews included): counts, withheld samples, whether it can be signed. */
  'scan:result': call(fields({ scanId: int(1), sampleId: text(200).optional() }), ScanResultView),
  'scans:list': call(none, z.array(ScanSummary)),
  'predictions:query': call(PredictionFilter, z.object({ rows: z.array(PredictionView), total: z.number() })),
  'predictions:export': call(fields({ filter: PredictionFilter, saveToken }), z.string()),
  'review:submit': call(
    fields({
      sha256: text(64),
      predictionId: int(1).optional(),
      label: text(200),
      note: text(4000).optional()
    }),
    ReviewState
  ),
  /** Several images at once (bulk confirm or relabel), in one transaction: all or none are stored. */
  'review:submitMany': call(
    fields({
      items: z
        .array(fields({ sha256: text(64), predictionId: int(1).optional(), label: text(200) }))
        .max(10_000),
      note: text(4000).optional()
    }),
    z.array(ReviewState)
  ),
  /** Undo an image's newest review: a NEW entry restoring the label it had before (the log stays append-only). */
  'review:undo': call(fields({ sha256: text(64) }), ReviewState),
  'review:log': call(fields({ scanId: int(1).optional() }), z.array(AuditEntry)),
  'review:export': call(fields({ saveToken, scanId: int(1).optional() }), z.string()),
  /** Reviewed images into a dataset with their reviewed labels; new ones get a split, existing splits are kept. */
  'review:toDataset': call(
    fields({ dataset: text(200), scanId: int(1).optional(), create: z.boolean().optional() }),
    AddReviewedResult
  ),
  'models:evaluate': call(
    fields({ jobId, id: text(100), dataset: text(200), split: z.enum(['test', 'all']) }),
    Evaluation
  ),
  /** Two versions' answers on the images of one scan, and where they disagree. */
  'models:compare': call(fields({ scanId: int(1), a: text(100), b: text(100) }), ModelComparison),
  'backbones:remove': call(fields({ name: text(200) }), z.void()),
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
  ),
  'explain:gradcam': call(
    fields({ path: text(), className: text(200).optional(), modelId: text(100).optional() }),
    GradCamView
  ),
  /** Sample id (default: the scanned folder's name) and operator (default: the reviewer) head the report. */
  'report:write': call(
    fields({
      scanId: int(1),
      saveToken,
      sampleId: text(200).optional(),
      operator: text(200).optional()
    }),
    z.string()
  ),
  'quick:check': call(fields({ jobId, paths: z.array(text()).max(64) }), z.array(QuickCheckItem)),
  'job:cancel': call(fields({ jobId }), z.boolean()),
  ...LAB_CALLS
}

type CallSchemas = typeof CALLS
export type CallName = keyof CallSchemas
/** What a service receives (after validation). */
export type CallRequest<K extends CallName> = z.output<CallSchemas[K]['req']>
export type CallResponse<K extends CallName> = z.output<CallSchemas[K]['res']>
/** Every call: request argument and response. */
export type Calls = { [K in CallName]: { req: CallRequest<K>; res: CallResponse<K> } }

// ---------- push events ----------

/** Every push event's payload; the keys are the event names. */
export const EVENTS = {
  'job:progress': z.object({ jobId: z.string(), progress: Progress }),
  'training:epoch': z.object({ jobId: z.string(), epoch: EpochLog }),
  'scan:item': z.object({ jobId: z.string(), item: ScanItemEvent }),
  'engine:state': z.object({ state: EngineState, message: z.string().optional() }),
  /** The app menu asks the window to go to a screen. */
  'menu:navigate': z.object({ screen: ScreenName })
}

export type EventName = keyof typeof EVENTS
export type Events = { [K in EventName]: z.infer<(typeof EVENTS)[K]> }

/** What the preload exposes as `window.leukolens`, and what the test shim implements: exactly this. */
export interface LeukolensApi {
  call<K extends CallName>(
    name: K,
    ...arg: Calls[K]['req'] extends void ? [] : [Calls[K]['req']]
  ): Promise<CallResponse<K>>
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void
  /** A URL the page may load for a local image file (the app's protocol or the test server's route). */
  imageUrl(path: string, size?: number): string
  /** The local path of a file dropped on the window ('' where the page cannot know it, e.g. in a plain browser). */
  pathForFile(file: File): string
}

export function isCallName(x: unknown): x is CallName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(CALLS, x)
}

export class ContractError extends Error {
  override name = 'ContractError'
}

/**
 * Checks an untrusted argument against a call's schema and returns the checked copy (only the named fields).
 * Throws ContractError naming the first bad field; unknown fields are refused, and so is anything that is not
 * plain data (an object whose fields would come from its prototype), so nothing unexpected reaches a service.
 */
export function parseArgument<K extends CallName>(name: K, arg: unknown): CallRequest<K> {
  const bad = notPlainData(arg)
  if (bad !== null) throw new ContractError(`${name}${bad}: must be plain data`)
  const r = CALLS[name].req.safeParse(arg)
  if (!r.success) {
    const issue = r.error.issues[0]
    throw new ContractError(`${name}${pathText(issue.path)}: ${describeIssue(issue)}`)
  }
  return r.data as CallRequest<K>
}

/** The path of the first object or list inside `v` whose prototype is not Object's or Array's, or null. */
function notPlainData(v: unknown, at: PropertyKey[] = []): string | null {
  if (typeof v !== 'object' || v === null) return null
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return pathText(at)
  for (const key of Object.keys(v)) {
    const bad = notPlainData((v as Record<string, unknown>)[key], [...at, key])
    if (bad !== null) return bad
  }
  return null
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
}

const TYPE_WORDS: Record<string, string> = {
  string: 'must be a string',
  number: 'must be a finite number',
  int: 'must be an integer',
  boolean: 'must be true or false',
  object: 'must be an object',
  array: 'must be a list',
  null: 'takes no argument',
  undefined: 'takes no argument'
}

/** One plain sentence per kind of problem (zod's own messages name its internals). */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `must be ${issue.expected}`
    case 'unrecognized_keys':
      return `unknown field "${issue.keys[0]}"`
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`
    case 'too_big':
      if (issue.origin === 'string') return `longer than ${issue.maximum} characters`
      if (issue.origin === 'array') return `more than ${issue.maximum} items`
      return `must be ≤ ${issue.maximum}`
    case 'too_small':
      if (issue.origin === 'string') return `shorter than ${issue.minimum} characters`
      if (issue.origin === 'array') return `fewer than ${issue.minimum} items`
      return `must be ≥ ${issue.minimum}`
    default:
      return issue.message
  }
}
