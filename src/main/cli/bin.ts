/**
 * The built command line's entry (out/cli/leukolens.js): runs `leukolens` with this process's arguments. Started by
 * bin/leukolens.mjs (`npx leukolens`), and in a packaged app by its Electron binary in Node mode:
 * `ELECTRON_RUN_AS_NODE=1 <app> <resources>/app.asar/out/cli/leukolens.js --help`.
 */
import { main } from './index'

// Not a top-level await: code shared by this entry and a lazily loaded chunk (e.g. the training recipes, used by
// `train`'s flags and by the pipeline) stays in this module, and a chunk importing it would wait for this
// module's await, which waits for that chunk — the process would end with exit code 13 and no output.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
  // Every command has finished its work and reported by now. Whatever a failed job might still hold open (a worker
  // thread, a timer) must not keep the process alive: the command has ended, so the process ends too.
  setTimeout(() => process.exit(), 2000).unref()
})
