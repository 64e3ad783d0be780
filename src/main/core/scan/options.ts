import type { Liveness } from './liveness'
import type { Preprocessing } from '../../../shared/types/preprocessing'
import type { Queries } from '../db/store'
import type { ProgressListener } from '../../../shared/types/progress'
import type { ScanItemEvent } from '../../../shared/types/scan'
import type { BackendName } from '../../../shared/types/engine'
import type { ImageProfile } from '../../../shared/types/trust'
import type { OrtProviderChoice } from '../onnx/runtime'
import type { LayersModel } from '../engine/tf'
import type { WalkOptions } from '../import/walk-folder'
import type { OodDetector } from '../trust/profile'
import type { DecisionThreshold } from './decide'

// What a scan is given, in a module of its own so that the scan's stages (batch.ts, extract.ts) can name the model
// without importing the orchestrator that imports them.

/** A model version as a scan uses it (loaded from the model registry). */
export interface ScanModel {
  id: string
  classes: string[]
  backbone: string
  preprocessing: Preprocessing
  threshold?: DecisionThreshold
  head: LayersModel
  /** The version's calibration and unfamiliar-image detector; absent for older or imported versions. */
  trust?: ScanTrust
}

export interface ScanTrust {
  temperature: number
  /** Review flag threshold chosen on validation (the setting or --flag-threshold override it). */
  flagThreshold: number
  detector: OodDetector
  oodThreshold: number
  images: ImageProfile
}

export interface ScanOptions {
  folder: string
  /** Scan exactly these files, `folder` being only the label (see PlanOptions.files). */
  files?: readonly string[]
  /**
   * A scan of given files is a quick check unless said otherwise: a whole-field scan gives the crops of its
   * folder's fields and is a folder scan (listed as one; its fields are viewable in the window).
   */
  kind?: 'scan' | 'quick'
  /** A whole-field scan (scan/fields.ts): recorded as one, so that a plain scan of the folder never resumes it. */
  fields?: boolean
  recursive?: boolean
  tta?: boolean
  rescan?: boolean
  /**
   * Confidence below which a result is flagged. The services pass the configuration's value (services/config.ts:
   * flag, variable, setting, the model's own, default); a caller that passes none gets the model version's own.
   */
  flagThreshold?: number
  /** Images over this many pixels are refused from their header; default: the `images.maxMegapixels` setting. */
  maxPixels?: number
  /** Images per worker batch (default 8). */
  batchSize?: number
  workers?: number
  /** A forced backend (the configuration's, resolved by the caller); undefined: the fastest that works. */
  backend?: BackendName
  /** ONNX Runtime's execution provider (default auto). */
  onnxProvider?: OrtProviderChoice
  onProgress?: ProgressListener
  onItem?: (e: ScanItemEvent) => void
  signal?: AbortSignal
  /** The directory reader (tests inject a failing one: root reads a chmod 000 folder regardless). */
  readDir?: WalkOptions['readDir']
  /** What else belongs to the scan (a field scan's cells), written in the transaction that marks it finished. */
  beforeFinish?: (trx: Queries, scanId: number) => Promise<void>
  /** This machine, process and clock, for the scan's heartbeat and for judging other scans (tests inject one). */
  liveness?: Liveness
}
