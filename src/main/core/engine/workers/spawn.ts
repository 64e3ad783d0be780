/**
 * Starts the extraction worker from its built entry file: `extract-worker.js` beside the running bundle
 * (out/main/ in the desktop app, out/cli/ for the command line; see electron.vite.config.ts and
 * vite.cli.config.ts). When this module runs from source (vitest, `tsx bench/…`), the worker is the command
 * line's build, out/cli/extract-worker.js: worker threads never run TypeScript. `npm test` builds it first and the
 * tests' global setup rebuilds it when a source file is newer (tests/setup/build-cli.ts).
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

const here = fileURLToPath(import.meta.url)
const fromSource = here.endsWith('.ts')

/** The built worker entry for this process. */
export function extractWorkerFile(): string {
  if (fromSource) {
    const built = resolve(dirname(here), '../../../../../out/cli/extract-worker.js')
    if (existsSync(built)) return built
    throw new Error(`the extraction worker is not built (${built} is missing): run \`npm run build:cli\``)
  }
  // In a bundle this code sits in the entry's folder or in a chunk folder below it.
  for (const dir of [dirname(here), join(dirname(here), '..'), join(dirname(here), '..', '..')]) {
    const file = join(dir, 'extract-worker.js')
    if (existsSync(file)) return file
  }
  throw new Error(`extract-worker.js not found next to ${here} (is it an input of the vite build?)`)
}

export function startWorker(file: string, options: { workerData?: unknown } = {}): Worker {
  return new Worker(file, { workerData: options.workerData })
}
