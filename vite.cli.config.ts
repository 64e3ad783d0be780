import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { builtinModules } from 'node:module'
import { defineConfig } from 'vite'

/**
 * The command line, built: `out/cli/leukolens.js` (what bin/leukolens.mjs runs) and the worker-thread entry
 * (`out/cli/extract-worker.js`, found by engine/workers/spawn.ts next to the bundle). The same Node build as the
 * app's main process (electron.vite.config.ts): ESM, every npm dependency external and loaded from node_modules
 * at run time (native modules, wasm files), our own source bundled. `npm run build:cli`; postinstall runs it.
 */
const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as {
  version: string
  dependencies: Record<string, string>
  optionalDependencies?: Record<string, string>
}
const deps = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})]
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...deps.flatMap((d) => [d, new RegExp(`^${d.replace(/[/.]/g, '\\$&')}/`)])
]

export default defineConfig({
  define: { __LEUKOLENS_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: resolve(__dirname, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    ssr: true,
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        leukolens: resolve(__dirname, 'src/main/cli/bin.ts'),
        'extract-worker': resolve(__dirname, 'src/main/core/engine/workers/extract-worker.ts')
      },
      external,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' }
    }
  },
  ssr: { target: 'node', noExternal: [] }
})
