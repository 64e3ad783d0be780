/**
 * Plain data about the ML engine that the UI shows (doctor screen, backbone list, extraction progress).
 * No Node or Electron imports: this file crosses to the renderer.
 */
import type { Preprocessing } from './preprocessing'
import type { Progress } from './progress'
import type { OnnxRuntimeStatus } from './onnx'

/** Compute backends in the order the engine prefers them. `onnxruntime` is plugged in by the ONNX work. */
export type BackendName = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'onnxruntime'

/** TF.js backends in order of preference; `onnxruntime` is not a TF.js backend (see engine/features/runners.ts). */
export const TFJS_BACKENDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm'] as const

/**
 * Every backend that can be forced (the `backend` setting, LEUKOLENS_BACKEND, every command's `--backend`): the
 * TF.js backends, and `onnxruntime`, which forces the frozen backbones onto ONNX Runtime (TF.js then picks
 * freely for what only it runs: head training, Grad-CAM's gradient).
 */
export const BACKEND_NAMES: readonly BackendName[] = [...TFJS_BACKENDS, 'onnxruntime']

export interface BackendInfo {
  name: BackendName
  /** Version of the backend package (e.g. the tfjs version for wasm). */
  version: string
  /** Threads one engine instance computes with (wasm under Node: 1). */
  threads: number
  /** Worker threads the engine starts for feature extraction on this backend. */
  workers: number
  /** The CUDA GPU in use, when there is one. */
  gpu?: string
  /** How the backend was chosen: the first that loaded, or forced by a flag/setting/LEUKOLENS_BACKEND. */
  chosenBy: 'auto' | 'forced'
  /** Each faster backend that is not in use and why (e.g. the package is not installed). */
  unavailable: { name: BackendName; why: string }[]
  /** ONNX Runtime for the frozen backbones (issue 6): providers, and per backbone ready or why not. */
  onnx?: OnnxRuntimeStatus
}

export type BackboneKind = 'keras-densenet121' | 'tfjs-layers'

export interface BackboneFile {
  /** File name inside the backbone's folder in the data directory. */
  name: string
  bytes: number
  sha256: string
}

export interface BackboneSummary {
  id: number
  name: string
  kind: BackboneKind
  preprocessing: Preprocessing
  /** Length of one feature vector. */
  featureDim: number
  params: number
  files: BackboneFile[]
  /** Digest over every file's sha256, in file-name order: identifies the exact weights. */
  sha256: string
  /** Where the files came from (the path given to `backbone add`, or a URL). */
  source: string
  createdAt: string
}

/** Progress of a feature extraction, with what was skipped because it was already stored. */
export interface ExtractionProgress extends Progress {
  backbone: string
  workers: number
  /** Images whose features were already stored before this run (not recomputed). */
  skipped: number
  /** Images that could not be read (named in the final result). */
  failed: number
}

export interface ExtractionResult {
  backbone: string
  /** The backend that computed the vectors; absent when everything was already stored (no worker started). */
  backend?: BackendName
  workers: number
  /** Feature vectors computed and stored by this run (flipped ones count separately). */
  computed: number
  skipped: number
  failed: { path: string; error: string }[]
  seconds: number
  /** Part of `seconds` spent starting the workers and loading the backbone into each. */
  startupSeconds: number
  /** computed / seconds. */
  imagesPerSecond: number
  /** Tensors still alive in the workers after the run beyond those after their first batch (0 = no leak). */
  tensorsLeaked: number
}
