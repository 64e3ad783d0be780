/**
 * The built command line's entry (out/cli/leukolens.js): runs `leukolens` with this process's arguments. Started by
 * bin/leukolens.mjs (`npx leukolens`), and in a packaged app by its Electron binary in Node mode:
 * `ELECTRON_RUN_AS_NODE=1 <app> <resources>/app.asar/out/cli/leukolens.js --help`.
 */
import { main } from './index'

process.exitCode = await main(process.argv.slice(2))
// Every command has finished its work and reported by now. Whatever a failed job might still hold open (a worker
// thread, a timer) must not keep the process alive: the command has ended, so the process ends too.
setTimeout(() => process.exit(), 2000).unref()
