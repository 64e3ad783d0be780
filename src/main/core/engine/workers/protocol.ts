/** Messages between the extraction pool (main thread) and its workers. Plain data only. */
import type { BackendInfo, BackendName } from '../../../../shared/types/engine'
import type { SharedBackboneWeights } from '../backbones/shared-weights'
import type { BackboneSpec } from '../backbones/spec'
import type { OrtProviderChoice } from '../../onnx/runtime'

export interface InitMessage {
  type: 'init'
  spec: BackboneSpec
  runner: string
  backend: BackendName
  /** ONNX Runtime's provider choice (ONNX runner only). */
  provider?: OrtProviderChoice
  /** The backbone's weights, read once by the pool and shared by every worker (DenseNet121 on TF.js). */
  weights?: SharedBackboneWeights
}

/** Asks a short-lived worker to read the backbone's weights file into a shared buffer (workers/weights-reader.ts). */
export interface ReadWeightsMessage {
  type: 'read-weights'
  spec: BackboneSpec
}

/** One image of a batch: its file and which variants (plain, horizontally flipped) to compute. */
export interface BatchItem {
  path: string
  plain: boolean
  flip: boolean
}

export interface BatchMessage {
  type: 'batch'
  id: number
  items: BatchItem[]
}

export type ToWorker = InitMessage | ReadWeightsMessage | BatchMessage | { type: 'close' }

export interface BatchResult {
  type: 'result'
  id: number
  /** Per item: the vectors asked for (plain and/or flipped), or the reason the image could not be used. */
  items: ({ plain?: Float32Array; flip?: Float32Array } | { error: string })[]
  /** Tensors alive in the worker after the batch (must stay constant: a leak check). */
  numTensors: number
}

export type FromWorker =
  /** `h5wasm`: whether the worker loaded the HDF5 reader (it should not when given the weights). */
  | { type: 'ready'; info: BackendInfo; featureDim: number; h5wasm: boolean }
  | { type: 'weights'; weights: SharedBackboneWeights | undefined }
  | BatchResult
  | { type: 'fatal'; message: string }
