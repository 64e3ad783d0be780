// Module hooks registered after tsx's, so they run first: by bin/leukolens.mjs, and in source mode by the
// extraction workers' bootstrap (src/main/core/engine/workers/spawn.ts). The packages listed load as plain
// JavaScript, without tsx's transform: tsx rewrites the modules it loads and keeps a source map, and for
// h5wasm's 4 MB module (its wasm binary inlined) that cost ~600 MB per thread that loads it (measured: 79 MB
// resident under plain node, 698 MB through tsx). They are plain ES modules and need no transform.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const PLAIN = ['/node_modules/h5wasm/']

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && PLAIN.some((p) => url.includes(p)) && url.endsWith('.js'))
    return { format: 'module', source: await readFile(fileURLToPath(url)), shortCircuit: true }
  return nextLoad(url, context)
}
