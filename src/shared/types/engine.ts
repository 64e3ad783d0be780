/**
 * Plain data about the ML engine that the UI shows (doctor screen, backbone list, extraction progress).
 * No Node or Electron imports: this file crosses to the renderer.
 */
import { z } from 'zod'
import { Preprocessing } from './preprocessing'
import { Progress } from './progress'
import { OnnxRuntimeStatus } from './onnx'
import { BACKEND_NAMES } from '../names'

export { BACKEND_NAMES, TFJS_BACKENDS } from '../names'

/** Compute backends in the order the engine prefers them. */
export const BackendName = z.enum(BACKEND_NAMES)
export type BackendName = z.infer<typeof BackendName>

export const BackendInfo = z.object({
  name: BackendName,
  /** Version of the backend package (e.g. the tfjs version for wasm). */
  version: z.string(),
  /** Threads one engine instance computes with (wasm under Node: 1). */
  threads: z.number(),
  /** Worker threads the engine starts for feature extraction on this backend. */
  workers: z.number(),
  /** The CUDA GPU in use, when there is one. */
  gpu: z.string().optional(),
  /** How the backend was chosen: the first that loaded, or forced by a flag/setting/LEUKOLENS_BACKEND. */
  chosenBy: z.enum(['auto', 'forced']),
  /** Each faster backend that is not in use and why (e.g. the package is not installed). */
  unavailable: z.array(z.object({ name: BackendName, why: z.string() })),
  /** ONNX Runtime for the frozen backbones: providers, and per backbone ready or why not. */
  onnx: OnnxRuntimeStatus.optional()
})
export type BackendInfo = z.infer<typeof BackendInfo>

export const BackboneKind = z.enum(['keras-densenet121', 'tfjs-layers'])
export type BackboneKind = z.infer<typeof BackboneKind>

export const BackbonePrecision = z.enum(['fp32', 'int8'])
export type BackbonePrecision = z.infer<typeof BackbonePrecision>

export const BackboneFile = z.object({
  /** File name inside the backbone's folder in the data directory. */
  name: z.string(),
  bytes: z.number(),
  sha256: z.string()
})
export type BackboneFile = z.infer<typeof BackboneFile>

export const BackboneSummary = z.object({
  id: z.number(),
  name: z.string(),
  kind: BackboneKind,
  preprocessing: Preprocessing,
  /** Length of one feature vector. */
  featureDim: z.number(),
  params: z.number(),
  files: z.array(BackboneFile),
  /** Digest over every file's sha256, in file-name order: identifies the exact weights. */
  sha256: z.string(),
  /** Where the files came from (the path given to `backbone add`, or a URL). */
  source: z.string(),
  /**
   * `int8`: a quantized copy of another backbone (`backbone quantize`), run by ONNX Runtime only; its features
   * are stored under its own backbone id, so they never mix with its fp32 source's.
   */
  precision: BackbonePrecision,
  createdAt: z.string()
})
export type BackboneSummary = z.infer<typeof BackboneSummary>

/** Progress of a feature extraction, with what was skipped because it was already stored. */
export const ExtractionProgress = Progress.extend({
  backbone: z.string(),
  workers: z.number(),
  /** Images whose features were already stored before this run (not recomputed). */
  skipped: z.number(),
  /** Images that could not be read (named in the final result). */
  failed: z.number()
})
export type ExtractionProgress = z.infer<typeof ExtractionProgress>

export const ExtractionResult = z.object({
  backbone: z.string(),
  /** The backend that computed the vectors; absent when everything was already stored (no worker started). */
  backend: BackendName.optional(),
  workers: z.number(),
  /** Feature vectors computed and stored by this run (flipped ones count separately). */
  computed: z.number(),
  skipped: z.number(),
  failed: z.array(z.object({ path: z.string(), error: z.string() })),
  seconds: z.number(),
  /** Part of `seconds` spent starting the workers and loading the backbone into each. */
  startupSeconds: z.number(),
  /** computed / seconds. */
  imagesPerSecond: z.number(),
  /** Tensors still alive in the workers after the run beyond those after their first batch (0 = no leak). */
  tensorsLeaked: z.number()
})
export type ExtractionResult = z.infer<typeof ExtractionResult>

/** What `backbone quantize` made: the new backbone and what was measured while making it. */
export const QuantizeBackboneResult = z.object({
  backbone: BackboneSummary,
  source: z.string(),
  dataset: z.string(),
  calibrationImages: z.number(),
  /** Range estimator kept (min/max, percentile or entropy), by feature cosine on held-out images. */
  method: z.string(),
  meanCosine: z.number(),
  worstCosine: z.number(),
  heldOutImages: z.number(),
  fp32ImagesPerSecond: z.number(),
  int8ImagesPerSecond: z.number(),
  /** Convolutions left in float, and BatchNorms that could not fold (no convolution before them). */
  floatConvs: z.array(z.string()),
  keptBatchNorms: z.number()
})
export type QuantizeBackboneResult = z.infer<typeof QuantizeBackboneResult>
