/**
 * The pluggable "feature runner": what computes a batch of feature vectors inside a worker thread.
 * TF.js (tfjs-node-gpu / tfjs-node / wasm) is the built-in runner; a faster one (ONNX Runtime, issue 6) plugs
 * in by (1) adding its module to `RUNNER_MODULES` in workers/runner-modules.ts and (2) calling
 * `registerRunnerSelector` so the pool picks it for the backbones it supports.
 */
import type { BackendInfo, BackendName } from '../../../../shared/types/engine'
import type { BackboneSpec } from '../backbones/spec'
import { initBackend, type TfjsBackendName } from '../backend'
import { onnxRunnerSelector } from '../../onnx/runner-selector'
import type { SharedBackboneWeights } from '../backbones/shared-weights'

/** Runs inside a worker: normalised inputs [n, s, s, 3] (HWC, flattened) → n × featureDim floats. */
export interface FeatureRunner {
  readonly info: BackendInfo
  readonly featureDim: number
  run(inputs: Float32Array, n: number): Promise<Float32Array>
  dispose(): void
}

export interface RunnerOptions {
  /** For the TF.js runner: the backend to start (as chosen by the main thread). */
  backend?: BackendName
  /** For the TF.js runner: weights the pool read once for all workers (DenseNet121), instead of the file. */
  weights?: SharedBackboneWeights
}

/** A module a worker can load a runner from. */
export interface FeatureRunnerModule {
  createRunner(spec: BackboneSpec, options: RunnerOptions): Promise<FeatureRunner>
}

/** How the main thread runs an extraction: which runner module, on which backend, with how many workers. */
export interface RunnerChoice {
  runner: string
  backend: BackendName
  workers: number
  info: BackendInfo
}

/** Returns a choice when this runner can serve the backbone, else undefined (the next one is asked). */
export type RunnerSelector = (spec: BackboneSpec, forced?: BackendName) => Promise<RunnerChoice | undefined>

const selectors: { priority: number; select: RunnerSelector }[] = []

/** Registers a runner; higher priority is asked first (TF.js is 0). */
export function registerRunnerSelector(select: RunnerSelector, priority: number): void {
  selectors.push({ priority, select })
  selectors.sort((a, b) => b.priority - a.priority)
}

const tfjsSelector: RunnerSelector = async (_spec, forced) => {
  if (forced === 'onnxruntime') return undefined
  const info = await initBackend(forced as TfjsBackendName | undefined)
  return { runner: 'tfjs', backend: info.name, workers: info.workers, info }
}

// ONNX Runtime (issue 6) comes before TF.js CPU; it steps aside for a GPU only tfjs-node-gpu can use.
registerRunnerSelector(onnxRunnerSelector, 10)

/** Picks the first runner that serves `spec` (or the one whose backend is forced). */
export async function chooseRunner(spec: BackboneSpec, forced?: BackendName): Promise<RunnerChoice> {
  for (const s of [...selectors, { priority: 0, select: tfjsSelector }]) {
    const choice = await s.select(spec, forced)
    if (choice && (!forced || choice.backend === forced)) return choice
  }
  throw new Error(`no feature runner can run backbone ${spec.name}${forced ? ` on ${forced}` : ''}`)
}
