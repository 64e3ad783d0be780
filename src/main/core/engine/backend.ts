/**
 * Run-time choice of the compute backend: tfjs-node-gpu (when it loads and a CUDA GPU is visible) →
 * tfjs-node → wasm. Never the pure-JS `cpu` backend (about 24× slower): if nothing else loads, this throws.
 * The native packages are optionalDependencies whose install downloads libtensorflow; where that download
 * failed (offline machines) the package is missing and `unavailable` records why.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { tf } from './tf'
import type { BackendInfo, BackendName } from '../../../shared/types/engine'
import { BACKEND_NAMES, TFJS_BACKENDS } from '../../../shared/names'

export type { BackendInfo, BackendName }

export { BACKEND_NAMES, TFJS_BACKENDS }
export type TfjsBackendName = (typeof TFJS_BACKENDS)[number]

const require_ = createRequire(import.meta.url)

export class BackendError extends Error {
  override name = 'BackendError'
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  return msg.split('\n')[0].slice(0, 300)
}

/** Why a native tfjs package cannot be used, or undefined when it can be imported. */
function packageMissing(pkg: string): string | undefined {
  try {
    require_.resolve(`${pkg}/package.json`)
    return undefined
  } catch {
    return (
      `${pkg} is not installed (it is optional: its install downloads libtensorflow, which fails offline; ` +
      `run \`npm install ${pkg}\` on a machine that can reach storage.googleapis.com)`
    )
  }
}

/** The first CUDA GPU's name, or undefined when no NVIDIA driver answers. */
export function detectCudaGpu(): string | undefined {
  if (process.platform === 'linux' && !existsSync('/proc/driver/nvidia/version')) return undefined
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore']
    })
    const name = out.toString().split('\n')[0].trim()
    return name || undefined
  } catch {
    return undefined
  }
}

/** Folder of the wasm binaries, as a file path: under Node, emscripten reads them with fs, not fetch. */
export function wasmDistDir(): string {
  return join(dirname(require_.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/'
}

async function tryTfjsNode(pkg: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu'): Promise<string> {
  const missing = packageMissing(pkg)
  if (missing) throw new BackendError(missing)
  try {
    await import(pkg)
  } catch (err) {
    throw new BackendError(`${pkg} is installed but failed to load: ${errorText(err)}`)
  }
  if (!(await tf.setBackend('tensorflow')))
    throw new BackendError(`${pkg} loaded but the 'tensorflow' backend did not start`)
  return (require_(`${pkg}/package.json`) as { version: string }).version
}

async function tryWasm(): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm')
  const dir = wasmDistDir()
  if (!existsSync(join(dir, 'tfjs-backend-wasm.wasm')))
    throw new BackendError(`wasm binaries missing in ${dir}`)
  wasm.setWasmPaths(dir)
  if (!(await tf.setBackend('wasm'))) throw new BackendError('the wasm backend did not start')
  return wasm.version_wasm
}

let current: BackendInfo | undefined

/** The backend selected by the last `initBackend` in this thread. */
export function currentBackend(): BackendInfo | undefined {
  return current
}

/** The TF.js backend a backend choice forces: none for `onnxruntime`, which forces only the frozen backbones. */
export function tfjsBackendOf(forced: BackendName | undefined): TfjsBackendName | undefined {
  return forced === 'onnxruntime' ? undefined : forced
}

/**
 * Selects and starts the backend. With `force` only that one is tried and a failure throws with the reason;
 * otherwise the first that works wins and the faster ones' failures are recorded. Calling it again with the same
 * choice returns the cached info. (The choice comes from the configuration, resolved by the caller.)
 */
export async function initBackend(force?: TfjsBackendName): Promise<BackendInfo> {
  const forced = force
  if (current && (!forced || current.name === forced)) return current
  const candidates: readonly TfjsBackendName[] = forced ? [forced] : TFJS_BACKENDS
  const unavailable: BackendInfo['unavailable'] = []
  const cores = availableParallelism()
  for (const name of candidates) {
    try {
      let version: string
      let gpu: string | undefined
      if (name === 'tfjs-node-gpu') {
        const missing = packageMissing('@tensorflow/tfjs-node-gpu')
        if (missing) throw new BackendError(missing)
        gpu = detectCudaGpu()
        if (!gpu) throw new BackendError('installed, but no CUDA GPU is visible (nvidia-smi reports none)')
        version = await tryTfjsNode('@tensorflow/tfjs-node-gpu')
      } else if (name === 'tfjs-node') {
        version = await tryTfjsNode('@tensorflow/tfjs-node')
      } else {
        version = await tryWasm()
      }
      await tf.ready()
      if (tf.getBackend() === 'cpu') throw new BackendError('TF.js fell back to the pure-JS cpu backend')
      // wasm under Node runs single-threaded (no SharedArrayBuffer workers), so parallelism comes from one
      // engine per core in worker threads. libtensorflow uses every core itself: one worker is enough.
      const threads = name === 'wasm' ? 1 : cores
      const workers = name === 'wasm' ? cores : 1
      current = { name, version, threads, workers, gpu, chosenBy: forced ? 'forced' : 'auto', unavailable }
      return current
    } catch (err) {
      if (forced) throw new BackendError(`backend ${name} was forced but cannot be used: ${errorText(err)}`)
      unavailable.push({ name, why: errorText(err) })
    }
  }
  throw new BackendError(`no usable backend: ${unavailable.map((u) => `${u.name}: ${u.why}`).join('; ')}`)
}
