/**
 * The one contract between the window and the engine: every call (request → response) and every push event.
 * Main (IPC bridge), the test transport (HTTP/SSE), the preload and the renderer are all typed against it, and
 * the channel names exist only here (CALL_SCHEMAS / EVENT_NAMES keys). Runs anywhere: no Node, no DOM, no electron.
 *
 * Long calls (import, training, scan, quick check) take a renderer-chosen `jobId`; their progress arrives as
 * `job:progress` events with that id, and the call's promise resolves with the final result. `job:cancel`
 * stops one. This keeps results in the call that asked for them while progress streams separately.
 */
import type { Progress } from './types/progress'
import type { BackboneSummary, BackendInfo, QuantizeBackboneResult } from './types/engine'
import type { DatasetDetails, DatasetListItem, ImportSummary, SplitSummary } from './types/datasets'
import type { ClassificationMetrics, EpochLog } from './types/training'
import type { ModelVersion } from './types/models'
import type { HistoryFilter, HistoryRow, ReviewState, ScanItemEvent, ScanRecord, UnreadableFile } from './types/scan'

/** The two Electron IPC channels everything travels on (calls carry their name inside), and the image scheme. */
export const IPC_CALL = 'leukolens:call'
export const IPC_EVENT = 'leukolens:event'
export const IMAGE_SCHEME = 'leukolens-img'

// ---------- plain data the screens show ----------

export type BackendChoice = 'auto' | 'tfjs-node-gpu' | 'tfjs-node' | 'onnxruntime' | 'wasm'
export type ThemeChoice = 'system' | 'light' | 'dark'

export interface Settings {
  /** The data folder in use (changing it takes effect at the next start). */
  dataDir: string
  /** The data folder chosen for the next start, when it differs. */
  nextDataDir?: string
  backend: BackendChoice
  /** Predictions with a confidence below this are flagged for review (0.80 by default). */
  reviewThreshold: number
  reviewer: string
  theme: ThemeChoice
}

export interface AppInfo {
  version: string
  platform: string
  dataDir: string
  /** Which parts of the engine are present in this build; a missing one is named so the UI says so plainly. */
  capabilities: Record<EngineCapability, boolean>
}

export type EngineCapability = 'import' | 'backbones' | 'features' | 'training' | 'models' | 'scan' | 'review' | 'explain' | 'report' | 'doctor'

/** A dataset in full plus a few images per class for thumbnails. */
export type DatasetDetail = DatasetDetails & { samples: { path: string; label: string | null }[] }

/** Test metrics as the engine stores them (with the ROC points for two-class versions trained since they are kept). */
export type MetricsView = ClassificationMetrics

/** A registry version plus its test metrics at the top level, which every screen shows. */
export type ModelView = ModelVersion & { test: MetricsView | null }

export interface TrainOptions {
  dataset: string
  backbone: string
  epochs?: number
  batchSize?: number
  seed?: number
  classWeight?: 'none' | 'balanced'
  monitor?: 'val_loss' | 'notebook'
  flip?: boolean
  targetSensitivity?: number
}

export interface TrainResult {
  /** The new version, stored but not yet kept: the user keeps or discards it. */
  model: ModelView
}

/** One file of a scan with its prediction and current review: what the grid, the detail and the history show. */
export type PredictionView = HistoryRow

/** A scan with its counts, for lists. */
export interface ScanSummary extends ScanRecord {
  kind: 'scan' | 'quick'
  files: number
  unreadable: number
  flagged: number
  reviewed: number
  countsByClass: Record<string, number>
}

/** History filters plus what the review grid needs: text search, sort and paging. */
export interface PredictionFilter extends HistoryFilter {
  search?: string
  sort?: 'confidence-asc' | 'confidence-desc' | 'newest' | 'path'
  offset?: number
}

export interface GradCamView {
  path: string
  className: string
  /** PNG files in the data folder, shown through the image protocol. */
  overlayPath: string
  heatmapPath: string
  /** What ran the frozen base's forward pass (`onnxruntime (cpu)`, `wasm`…); the gradient part is TF.js. */
  featureMapBackend: string
}

export interface QuickCheckItem {
  prediction: PredictionView | null
  error?: string
  gradcam?: GradCamView | null
}

export interface HomeSummary {
  activeModel: ModelView | null
  /** TF.js (head training, Grad-CAM's gradient, and the backbones ONNX Runtime does not run), with `onnx` set. */
  backend: BackendInfo | null
  /** The Settings choice: with a TF.js backend forced, ONNX Runtime runs nothing. */
  backendChoice: BackendChoice
  recentScans: ScanSummary[]
  datasets: number
  backbones: BackboneSummary[]
  /** First-run guidance the UI shows until done. */
  missing: ('densenet-weights' | 'dataset' | 'model')[]
}

export type EngineState = 'starting' | 'ready' | 'crashed' | 'restarting'

// ---------- calls ----------

/** Every call: request argument and response. */
export interface Calls {
  'app:info': { req: void; res: AppInfo }
  'app:home': { req: void; res: HomeSummary }
  'doctor:backend': { req: void; res: BackendInfo }
  'settings:get': { req: void; res: Settings }
  'settings:set': { req: Partial<Omit<Settings, 'dataDir'>>; res: Settings }
  'dialog:open': { req: { kind: 'folder' | 'files' | 'model' | 'weights'; title?: string }; res: string[] }
  'dialog:save': { req: { title?: string; defaultName: string; ext: string }; res: string | null }
  'datasets:list': { req: void; res: DatasetListItem[] }
  'datasets:get': { req: { name: string }; res: DatasetDetail }
  'datasets:import': { req: { jobId: string; folder: string; name?: string; map?: string }; res: ImportSummary }
  'datasets:split': { req: { name: string; seed?: number }; res: SplitSummary }
  'datasets:delete': { req: { name: string }; res: void }
  'backbones:list': { req: void; res: BackboneSummary[] }
  'backbones:add': {
    req: { path: string; name: string; normalize?: 'torch' | 'tf'; inputSize?: number }
    res: BackboneSummary
  }
  /** An int8 copy of a backbone calibrated on a dataset's images (Settings: "make a faster int8 copy"). */
  'backbones:quantize': {
    req: { jobId: string; backbone: string; dataset: string; images?: number; name?: string }
    res: QuantizeBackboneResult
  }
  'training:start': { req: { jobId: string; options: TrainOptions }; res: TrainResult }
  'models:list': { req: void; res: ModelView[] }
  'models:activate': { req: { id: string }; res: void }
  'models:rename': { req: { id: string; name: string }; res: void }
  'models:export': { req: { id: string; file: string }; res: string }
  /** A Leukolens archive, or the notebook's Keras model (`.keras`, legacy `.h5`); `classes` names a Keras model's outputs in order. */
  'models:import': { req: { file: string; name?: string; classes?: string[] }; res: ModelView }
  'models:delete': { req: { id: string }; res: void }
  'scan:start': {
    req: { jobId: string; folder: string; modelId?: string; recursive?: boolean; tta?: boolean; rescan?: boolean }
    res: { scan: ScanSummary; unreadable: UnreadableFile[] }
  }
  'scans:list': { req: void; res: ScanSummary[] }
  'predictions:query': { req: PredictionFilter; res: { rows: PredictionView[]; total: number } }
  'predictions:export': { req: { filter: PredictionFilter; file: string }; res: string }
  'review:submit': { req: { sha256: string; predictionId?: number; label: string; note?: string }; res: ReviewState }
  'explain:gradcam': { req: { path: string; className?: string; modelId?: string }; res: GradCamView }
  'report:write': { req: { scanId: number; file: string }; res: string }
  'quick:check': { req: { jobId: string; paths: string[] }; res: QuickCheckItem[] }
  'job:cancel': { req: { jobId: string }; res: boolean }
}

export type CallName = keyof Calls
export type CallRequest<K extends CallName> = Calls[K]['req']
export type CallResponse<K extends CallName> = Calls[K]['res']

// ---------- push events ----------

export interface Events {
  'job:progress': { jobId: string; progress: Progress }
  'training:epoch': { jobId: string; epoch: EpochLog }
  'scan:item': { jobId: string; item: ScanItemEvent }
  'engine:state': { state: EngineState; message?: string }
  /** The app menu asks the window to go to a screen. */
  'menu:navigate': { screen: ScreenName }
}

export type EventName = keyof Events
export type ScreenName = 'home' | 'quick' | 'datasets' | 'training' | 'models' | 'scan' | 'history' | 'settings'

/** What the preload exposes as `window.leukolens`, and what the test shim implements: exactly this. */
export interface LeukolensApi {
  call<K extends CallName>(name: K, ...arg: Calls[K]['req'] extends void ? [] : [Calls[K]['req']]): Promise<CallResponse<K>>
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void
  /** A URL the page may load for a local image file (the app's protocol or the test server's route). */
  imageUrl(path: string, size?: number): string
  /** The local path of a file dropped on the window ('' where the page cannot know it, e.g. in a plain browser). */
  pathForFile(file: File): string
}

/** An error as it crosses the boundary: the message is meant for the user. */
export interface WireError {
  name: string
  message: string
}

// ---------- argument schemas: validated in main (and the test transport) before any service runs ----------

export type Schema =
  | { t: 'void' }
  | { t: 'string'; max?: number; optional?: boolean }
  | { t: 'number'; min?: number; max?: number; int?: boolean; optional?: boolean }
  | { t: 'boolean'; optional?: boolean }
  | { t: 'enum'; values: readonly string[]; optional?: boolean }
  | { t: 'array'; of: Schema; max: number; optional?: boolean }
  | { t: 'object'; fields: Record<string, Schema>; optional?: boolean }

const str = (max = 4096): Schema => ({ t: 'string', max })
const optStr = (max = 4096): Schema => ({ t: 'string', max, optional: true })
const int = (min = 0, max = Number.MAX_SAFE_INTEGER): Schema => ({ t: 'number', int: true, min, max })
const optInt = (min = 0, max = Number.MAX_SAFE_INTEGER): Schema => ({ ...int(min, max), optional: true } as Schema)
const optBool: Schema = { t: 'boolean', optional: true }
const obj = (fields: Record<string, Schema>): Schema => ({ t: 'object', fields })
const jobId = { t: 'string', max: 64 } as const
const VOID: Schema = { t: 'void' }

const filterSchema = obj({
  scanId: optInt(),
  predicted: optStr(200),
  flagged: optBool,
  reviewed: optBool,
  modelId: optStr(100),
  folder: optStr(),
  search: optStr(500),
  from: optStr(40),
  to: optStr(40),
  sort: { t: 'enum', values: ['confidence-asc', 'confidence-desc', 'newest', 'path'], optional: true },
  limit: optInt(1, 10_000),
  offset: optInt()
})

/** One schema per call; its keys are the channel names (the only place they are written). */
export const CALL_SCHEMAS = {
  'app:info': VOID,
  'app:home': VOID,
  'doctor:backend': VOID,
  'settings:get': VOID,
  'settings:set': obj({
    nextDataDir: optStr(),
    backend: { t: 'enum', values: ['auto', 'tfjs-node-gpu', 'tfjs-node', 'onnxruntime', 'wasm'], optional: true },
    reviewThreshold: { t: 'number', min: 0, max: 1, optional: true },
    reviewer: optStr(200),
    theme: { t: 'enum', values: ['system', 'light', 'dark'], optional: true }
  }),
  'dialog:open': obj({ kind: { t: 'enum', values: ['folder', 'files', 'model', 'weights'] }, title: optStr(200) }),
  'dialog:save': obj({ title: optStr(200), defaultName: str(255), ext: str(16) }),
  'datasets:list': VOID,
  'datasets:get': obj({ name: str(200) }),
  'datasets:import': obj({ jobId, folder: str(), name: optStr(200), map: optStr(2000) }),
  'datasets:split': obj({ name: str(200), seed: optInt() }),
  'datasets:delete': obj({ name: str(200) }),
  'backbones:list': VOID,
  'backbones:add': obj({
    path: str(),
    name: str(200),
    normalize: { t: 'enum', values: ['torch', 'tf'], optional: true },
    inputSize: optInt(16, 2048)
  }),
  'backbones:quantize': obj({ jobId, backbone: str(200), dataset: str(200), images: optInt(8, 100_000), name: optStr(200) }),
  'training:start': obj({
    jobId,
    options: obj({
      dataset: str(200),
      backbone: str(200),
      epochs: optInt(1, 1000),
      batchSize: optInt(1, 4096),
      seed: optInt(),
      classWeight: { t: 'enum', values: ['none', 'balanced'], optional: true },
      monitor: { t: 'enum', values: ['val_loss', 'notebook'], optional: true },
      flip: optBool,
      targetSensitivity: { t: 'number', min: 0, max: 1, optional: true }
    })
  }),
  'models:list': VOID,
  'models:activate': obj({ id: str(100) }),
  'models:rename': obj({ id: str(100), name: str(200) }),
  'models:export': obj({ id: str(100), file: str() }),
  'models:import': obj({ file: str(), name: optStr(200), classes: { t: 'array', of: str(200), max: 100, optional: true } }),
  'models:delete': obj({ id: str(100) }),
  'scan:start': obj({ jobId, folder: str(), modelId: optStr(100), recursive: optBool, tta: optBool, rescan: optBool }),
  'scans:list': VOID,
  'predictions:query': filterSchema,
  'predictions:export': obj({ filter: filterSchema, file: str() }),
  'review:submit': obj({ sha256: str(64), predictionId: optInt(1), label: str(200), note: optStr(4000) }),
  'explain:gradcam': obj({ path: str(), className: optStr(200), modelId: optStr(100) }),
  'report:write': obj({ scanId: int(1), file: str() }),
  'quick:check': obj({ jobId, paths: { t: 'array', of: str(), max: 64 } }),
  'job:cancel': obj({ jobId })
} as const satisfies Record<CallName, Schema>

/** Event channel names, the only place they are written (the keys must match `Events`). */
export const EVENT_NAMES = ['job:progress', 'training:epoch', 'scan:item', 'engine:state', 'menu:navigate'] as const satisfies readonly EventName[]
type MissingEvent = Exclude<EventName, (typeof EVENT_NAMES)[number]>
// Compile-time check that EVENT_NAMES lists every event.
const _allEvents: MissingEvent extends never ? true : never = true
void _allEvents

export const CALL_NAMES = Object.keys(CALL_SCHEMAS) as CallName[]

export function isCallName(x: unknown): x is CallName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(CALL_SCHEMAS, x)
}

export class ContractError extends Error {
  override name = 'ContractError'
}

/**
 * Checks an untrusted argument against a call's schema. Throws ContractError naming the first bad field;
 * unknown fields are rejected too, so nothing unexpected reaches a service.
 */
export function validateArgument(name: CallName, arg: unknown): void {
  check(CALL_SCHEMAS[name], arg, name)
}

function check(s: Schema, v: unknown, at: string): void {
  const fail = (what: string): never => {
    throw new ContractError(`${at}: ${what}`)
  }
  if (v === undefined && 'optional' in s && s.optional) return
  switch (s.t) {
    case 'void':
      if (v !== undefined && v !== null) fail('takes no argument')
      return
    case 'string':
      if (typeof v !== 'string') return fail('must be a string')
      if (s.max !== undefined && v.length > s.max) fail(`longer than ${s.max} characters`)
      if (v.includes('\0')) fail('contains a NUL character')
      return
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return fail('must be a finite number')
      if (s.int && !Number.isInteger(v)) fail('must be an integer')
      if (s.min !== undefined && v < s.min) fail(`must be ≥ ${s.min}`)
      if (s.max !== undefined && v > s.max) fail(`must be ≤ ${s.max}`)
      return
    case 'boolean':
      if (typeof v !== 'boolean') fail('must be true or false')
      return
    case 'enum':
      if (typeof v !== 'string' || !s.values.includes(v)) fail(`must be one of ${s.values.join(', ')}`)
      return
    case 'array':
      if (!Array.isArray(v)) return fail('must be a list')
      if (v.length > s.max) fail(`more than ${s.max} items`)
      v.forEach((item, i) => check(s.of, item, `${at}[${i}]`))
      return
    case 'object': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('must be an object')
      for (const key of Object.keys(v)) if (!(key in s.fields)) fail(`unknown field "${key}"`)
      for (const [key, fs] of Object.entries(s.fields)) check(fs, (v as Record<string, unknown>)[key], `${at}.${key}`)
      return
    }
  }
}
