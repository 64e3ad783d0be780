/** Messages between the extraction pool (main thread) and its workers. Plain data only. */
import type { BackendInfo, BackendName } from '../../../../shared/types/engine'
import type { BackboneSpec } from '../backbones/spec'

export interface InitMessage {
  type: 'init'
  spec: BackboneSpec
  runner: string
  backend: BackendName
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

export type ToWorker = InitMessage | BatchMessage | { type: 'close' }

export interface BatchResult {
  type: 'result'
  id: number
  /** Per item: the vectors asked for (plain and/or flipped), or the reason the image could not be used. */
  items: ({ plain?: Float32Array; flip?: Float32Array } | { error: string })[]
  /** Tensors alive in the worker after the batch (must stay constant: a leak check). */
  numTensors: number
}

export type FromWorker =
  | { type: 'ready'; info: BackendInfo; featureDim: number }
  | BatchResult
  | { type: 'fatal'; message: string }
