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
 * Source mode also registers bin/tsx-passthrough.mjs after tsx's hooks, as the CLI does: it lets h5wasm load
 * without tsx's transform, which costs ~600 MB in the thread that loads it (see that file). The built app has
 * no tsx, so there neither applies.
 */
const PASSTHROUGH_HOOKS = pathToFileURL(join(dirname(here), '../../../../../bin/tsx-passthrough.mjs')).href

export function startWorker(file: string, options: { workerData?: unknown } = {}): Worker {
  const { workerData } = options
  if (!file.endsWith('.ts')) return new Worker(file, { workerData })
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')
  const bootstrap =
    `import(${JSON.stringify(pathToFileURL(tsxApi).href)})` +
    `.then((m) => { m.register(); return import('node:module') })` +
    `.then((m) => { m.register(${JSON.stringify(PASSTHROUGH_HOOKS)}); return import(${JSON.stringify(pathToFileURL(file).href)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}
