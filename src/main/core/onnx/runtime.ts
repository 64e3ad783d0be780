/**
 * ONNX Runtime (onnxruntime-node) sessions for the frozen backbones.
 *
 * The npm package ships the CPU library for every platform, so the CPU execution provider needs nothing beyond
 * `npm install`. Its install script, which would download the CUDA provider from NuGet, is switched off in
 * package.json (`allowScripts: { "onnxruntime-node": false }`). To enable the CUDA provider on a machine with
 * network access, an NVIDIA driver, CUDA 12 and cuDNN 9 (linux-x64 or win32-x64):
 *
 *     ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js
 *
 * which places `libonnxruntime_providers_cuda.so` (`onnxruntime_providers_cuda.dll` on Windows) and
 * `…providers_shared` beside the binding in node_modules/onnxruntime-node/bin/napi-v6/<platform>/<arch>/. The
 * CUDA and cuDNN libraries themselves must be on the library path (LD_LIBRARY_PATH / PATH). `leukolens doctor`
 * then reports `cuda` among the ONNX providers; without them it says which file is missing.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import type { InferenceSession as InferenceSessionType } from 'onnxruntime-node'

const require_ = createRequire(import.meta.url)

export type OrtProvider = 'cuda' | 'cpu'
/** `auto`: CUDA when its provider library is installed and a GPU answers, else CPU. */
export type OrtProviderChoice = OrtProvider | 'auto'

type Ort = typeof import('onnxruntime-node')

let ortModule: Ort | undefined
let ortLoadError: string | undefined

/** Loads onnxruntime-node once; its native binding loads at import, so a broken install fails here. */
export function loadOrt(): Ort {
  if (ortModule) return ortModule
  if (ortLoadError) throw new Error(ortLoadError)
  try {
    ortModule = require_('onnxruntime-node') as Ort
    return ortModule
  } catch (e) {
    ortLoadError = `onnxruntime-node failed to load: ${((e as Error).message ?? String(e)).split('\n')[0]}`
    throw new Error(ortLoadError)
  }
}

/** The folder holding this platform's ONNX Runtime library and, when installed, its CUDA provider. */
export function ortBinaryDir(): string {
  const pkg = dirname(require_.resolve('onnxruntime-node/package.json'))
  return join(pkg, 'bin', 'napi-v6', process.platform, process.arch)
}

/** The CUDA provider library's file name, or undefined where ONNX Runtime has no CUDA build. */
function cudaProviderFile(): string | undefined {
  if (process.arch !== 'x64') return undefined
  if (process.platform === 'linux') return 'libonnxruntime_providers_cuda.so'
  if (process.platform === 'win32') return 'onnxruntime_providers_cuda.dll'
  return undefined
}

/** Why the CUDA provider cannot be used here, or undefined when it can be tried. */
export function cudaProviderUnavailable(gpuName: string | undefined): string | undefined {
  const file = cudaProviderFile()
  if (!file) return `ONNX Runtime has no CUDA build for ${process.platform}-${process.arch}`
  if (!existsSync(join(ortBinaryDir(), file)))
    return `${file} is not installed (run: ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js, with network access)`
  if (!gpuName) return 'no CUDA GPU is visible (nvidia-smi reports none)'
  return undefined
}

export interface OnnxSession {
  session: InferenceSessionType
  provider: OrtProvider
  /** When `auto` fell back from CUDA to CPU, why. */
  cudaWhy?: string
}

export interface SessionOptions {
  provider?: OrtProviderChoice
  /** Intra-op threads; default: every core (ORT parallelises each convolution itself). */
  threads?: number
  /** Name of the visible CUDA GPU (from the engine's detection); needed for `auto` to try CUDA. */
  gpu?: string
}

/**
 * Opens a session with every graph optimisation on (this is where BatchNormalization is folded into the Conv
 * before it). A forced provider that cannot start throws; `auto` falls back from CUDA to CPU and says why.
 */
export async function openOnnxSession(
  model: string | Uint8Array,
  options: SessionOptions = {}
): Promise<OnnxSession> {
  const ort = loadOrt()
  const choice = options.provider ?? 'auto'
  const base: InferenceSessionType.SessionOptions = {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: options.threads ?? availableParallelism(),
    interOpNumThreads: 1,
    // No busy-waiting between operators: on a machine whose cores are also busy elsewhere (the app's UI,
    // image decoding, other programs), spinning threads steal the cores the work needs. Measured on a loaded
    // 2-core machine, DenseNet121 batch 8: 3.7 images/s spinning vs 9.7 without.
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } }
  }
  // Two overloads (path, bytes): TypeScript will not pick one for the union, hence the branch.
  const create = (providers: OrtProvider[]): Promise<InferenceSessionType> =>
    typeof model === 'string'
      ? ort.InferenceSession.create(model, { ...base, executionProviders: providers })
      : ort.InferenceSession.create(model, { ...base, executionProviders: providers })
  let cudaWhy: string | undefined
  if (choice !== 'cpu') {
    cudaWhy = cudaProviderUnavailable(options.gpu)
    if (!cudaWhy) {
      try {
        return { session: await create(['cuda']), provider: 'cuda' }
      } catch (e) {
        cudaWhy = `the CUDA provider failed to start: ${((e as Error).message ?? String(e)).split('\n')[0]}`
      }
    }
    if (choice === 'cuda') throw new Error(`ONNX Runtime CUDA was forced but cannot be used: ${cudaWhy}`)
  }
  return { session: await create(['cpu']), provider: 'cpu', cudaWhy }
}

/** ONNX Runtime's version (from the loaded package). */
export function ortVersion(): string {
  return (require_('onnxruntime-node/package.json') as { version: string }).version
}
