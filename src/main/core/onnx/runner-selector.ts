/**
 * Where ONNX Runtime sits in the backend order for extraction and scanning:
 *
 *   CUDA GPU (ONNX Runtime's CUDA provider, or tfjs-node-gpu) → ONNX Runtime CPU → tfjs-node → wasm
 *
 * Asked first in the engine's runner list (engine/runners.ts: SELECTORS), before TF.js. It serves a backbone
 * when onnxruntime-node loads and the backbone exports to ONNX (exported here on first use); otherwise it steps
 * aside and TF.js runs it (`doctor` says why from ONNX Runtime's status). Forcing another backend (argument, setting
 * or flag) skips it; forcing `onnxruntime` makes any failure an error. Grad-CAM does not come here: it needs TF.js gradients.
 */
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import type { BackendInfo, BackendName } from '../../../shared/types/engine'
import { detectCudaGpu, initBackend } from '../engine/backend'
import type { BackboneSpec } from '../engine/backbones/spec'
import { ensureOnnxExport, type OnnxExportState } from './backbone-export'
import { cudaProviderUnavailable, loadOrt, ortVersion, type OrtProviderChoice } from './runtime'

const require_ = createRequire(import.meta.url)

/** Same shape as the engine's RunnerChoice (declared there; repeated structurally to keep imports one-way). */
export interface OnnxRunnerChoice {
  runner: 'onnx'
  backend: 'onnxruntime'
  workers: number
  info: BackendInfo
  /** ONNX Runtime's execution provider choice, passed on to the workers. */
  provider: OrtProviderChoice
  /** The export just checked (or written): its path and metadata, so a caller need not hash it again. */
  exported: Extract<OnnxExportState, { state: 'ready' }>
}

function tfjsGpuInstalled(): boolean {
  try {
    require_.resolve('@tensorflow/tfjs-node-gpu/package.json')
    return true
  } catch {
    return false
  }
}

/** `forced` and `provider` come from the configuration (services/config.ts), resolved by the caller. */
export async function onnxRunnerSelector(
  spec: BackboneSpec,
  forcedAny?: BackendName,
  provider: OrtProviderChoice = 'auto'
): Promise<OnnxRunnerChoice | undefined> {
  // An int8 backbone exists only as an ONNX graph: TF.js would compute fp32 features and store them under it.
  if (spec.precision === 'int8' && forcedAny && forcedAny !== 'onnxruntime')
    throw new Error(`backbone ${spec.name} is int8: it runs on ONNX Runtime only, not on ${forcedAny}`)
  const forced = spec.precision === 'int8' ? 'onnxruntime' : forcedAny
  if (forced && forced !== 'onnxruntime') return undefined
  const gpu = provider === 'cpu' ? undefined : detectCudaGpu()
  const cudaWhy = provider === 'cpu' ? 'ONNX provider set to cpu' : cudaProviderUnavailable(gpu)
  // A GPU that ONNX Runtime cannot use but tfjs-node-gpu can goes to TF.js: any GPU beats any CPU.
  if (!forced && gpu && cudaWhy && tfjsGpuInstalled()) return undefined
  const fail = (why: string): undefined => {
    if (forced) throw new Error(`backend onnxruntime was forced but cannot run ${spec.name}: ${why}`)
    return undefined
  }
  try {
    loadOrt()
  } catch (e) {
    return fail((e as Error).message)
  }
  // Exporting builds the TF.js model once to read its weights: that needs a TF.js backend in this thread.
  await initBackend()
  const state = await ensureOnnxExport(spec)
  if (state.state === 'unsupported') return fail(state.why)
  const cores = availableParallelism()
  const info: BackendInfo = {
    name: 'onnxruntime',
    version: ortVersion(),
    // One worker: ONNX Runtime parallelises every operator over all cores itself.
    threads: cores,
    workers: 1,
    gpu: cudaWhy ? undefined : gpu,
    chosenBy: forcedAny ? 'forced' : 'auto',
    unavailable: cudaWhy ? [{ name: 'onnxruntime', why: `CUDA provider not used: ${cudaWhy}` }] : []
  }
  return { runner: 'onnx', backend: 'onnxruntime', workers: 1, info, provider, exported: state }
}
