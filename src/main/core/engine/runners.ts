/**
 * The engine's runners, in one module: what computes a batch of feature vectors inside a worker thread, which
 * runner serves a backbone, and where a worker loads each runner from. Two runners: ONNX Runtime (its selector and
 * worker runner are onnx/runner-selector.ts and onnx/worker-runner.ts) and TF.js (tfjs-node-gpu / tfjs-node /
 * wasm: workers/tfjs-runner.ts). A plain ordered list, no registry: nothing is added by importing a module.
 * A new runner adds its selector to `SELECTORS` and its worker module to `RUNNER_MODULES`.
 */
import type { BackendInfo, BackendName } from '../../../shared/types/engine'
import type { BackboneSpec } from './backbones/spec'
import { initBackend, type TfjsBackendName } from './backend'
import type { SharedBackboneWeights } from './backbones/shared-weights'
import type { OrtProviderChoice } from '../onnx/runtime'

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
  /** For the ONNX Runtime runner: the execution provider choice (default auto). */
  provider?: OrtProviderChoice
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
  /** ONNX Runtime's provider choice (ONNX runner only). */
  provider?: OrtProviderChoice
}

/**
 * What the configuration says about running the engine (services/config.ts resolves it from flags, environment
 * and settings; the engine only receives it).
 */
export interface EngineConfig {
  /** A forced backend; undefined picks the fastest that works. */
  backend?: BackendName
  /** ONNX Runtime's execution provider (default auto). */
  onnxProvider?: OrtProviderChoice
  /** Extraction workers (default: the runner's choice, one per core on wasm). */
  workers?: number
}

/** Returns a choice when this runner can serve the backbone, else undefined (the next one is asked). */
type RunnerSelector = (spec: BackboneSpec, config: EngineConfig) => Promise<RunnerChoice | undefined>

const tfjsSelector: RunnerSelector = async (_spec, { backend }) => {
  if (backend === 'onnxruntime') return undefined
  const info = await initBackend(backend as TfjsBackendName | undefined)
  return { runner: 'tfjs', backend: info.name, workers: info.workers, info }
}

/**
 * The runners in the order they are asked: ONNX Runtime first (it steps aside for a GPU only tfjs-node-gpu can
 * use), then TF.js. A plain list, not a registry: what can run a backbone is visible here.
 */
const SELECTORS: readonly RunnerSelector[] = [
  // Loaded when asked: the engine imports ONNX Runtime's code only where it runs it (never at start, never in a
  // TF.js worker), and no static import runs engine → onnx → engine.
  async (spec, c) =>
    (await import('../onnx/runner-selector')).onnxRunnerSelector(spec, c.backend, c.onnxProvider),
  tfjsSelector
]

/** Picks the first runner that serves `spec` (or the one whose backend is forced). */
export async function chooseRunner(spec: BackboneSpec, config: EngineConfig = {}): Promise<RunnerChoice> {
  const forced = config.backend
  for (const select of SELECTORS) {
    const choice = await select(spec, config)
    if (choice && (!forced || choice.backend === forced)) return choice
  }
  throw new Error(`no feature runner can run backbone ${spec.name}${forced ? ` on ${forced}` : ''}`)
}

/**
 * Where a worker loads each runner from, by the name in RunnerChoice.runner. Static import specifiers (not paths),
 * so the bundler puts them in the built worker; loaded only in the worker that runs them.
 */
export const RUNNER_MODULES: Record<string, () => Promise<FeatureRunnerModule>> = {
  tfjs: () => import('./workers/tfjs-runner'),
  onnx: () => import('../onnx/worker-runner')
}
