/**
 * Starts the extraction worker both from source (CLI, tests and `electron-vite dev` run TypeScript through
 * tsx) and from the built app (electron-vite emits `out/main/extract-worker.js`, see electron.vite.config.ts).
 *
 * From source, `new Worker(file.ts, { execArgv: ['--import', 'tsx'] })` does not work on Node 20.20: loader
 * hooks given by `--import` are not applied to a worker's main script (ERR_UNKNOWN_FILE_EXTENSION). So the
 * worker starts from a two-line bootstrap that registers tsx's ESM hooks and then imports the .ts entry.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

const here = fileURLToPath(import.meta.url)
const fromSource = here.endsWith('.ts')

/** The worker file to start: the .ts entry beside this module, or the built bundle's extract-worker.js. */
export function extractWorkerFile(): string {
  const override = process.env.LEUKOLENS_EXTRACT_WORKER
  if (override) return override
  if (fromSource) return join(dirname(here), 'extract-worker.ts')
  // In the bundle this code sits in out/main/index.js or in a chunk folder below it.
  for (const dir of [dirname(here), join(dirname(here), '..'), join(dirname(here), '..', '..')]) {
    for (const name of ['extract-worker.js', 'extract-worker.mjs']) if (existsSync(join(dir, name))) return join(dir, name)
  }
  throw new Error(`extract-worker.js not found next to ${here} (is it in electron.vite.config.ts main inputs?)`)
}

/**
 * `preload`: packages imported before tsx's hooks are registered (source mode only). tsx rewrites every ESM
 * file it loads that contains `import(` and inlines a source map, which for h5wasm's 4 MB emscripten module
 * costs ~600 MB in the importing thread (measured: 79 MB resident under plain node, 698 MB under
 * `--import tsx`). Loaded first, the package is in the thread's module map and later imports reuse it as is.
 * The built app has no tsx, so there it is an ordinary import.
 */
export function startWorker(file: string, options: { workerData?: unknown; preload?: string[] } = {}): Worker {
  const { workerData, preload = [] } = options
  if (!file.endsWith('.ts')) return new Worker(file, { workerData })
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')
  const preloads = preload.map((p) => `import(${JSON.stringify(import.meta.resolve(p))})`).join(', ')
  const bootstrap =
    `Promise.all([${preloads}])` +
    `.then(() => import(${JSON.stringify(pathToFileURL(tsxApi).href)}))` +
    `.then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}
