import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Main and preload run under Node/Electron: their dependencies (native modules such as better-sqlite3,
// sharp, onnxruntime-node, tfjs) stay external and are loaded from node_modules at run time.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          // Worker-thread entry points are separate bundles so the engine can start them by file path.
          index: resolve(__dirname, 'src/main/index.ts'),
          // Feature-extraction worker (engine/workers/spawn.ts finds out/main/extract-worker.js by path).
          'extract-worker': resolve(__dirname, 'src/main/core/engine/workers/extract-worker.ts'),
          // The engine process (utilityProcess) hosting the service layer: desktop-app issue.
          engine: resolve(__dirname, 'src/main/shell/engine-process.ts')
        }
      }
    }
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: { rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } }
  }
})
