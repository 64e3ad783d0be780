/**
 * The built command line's entry (out/cli/leukolens.js): runs `leukolens` with this process's arguments. Started by
 * bin/leukolens.mjs (`npx leukolens`), and in a packaged app by its Electron binary in Node mode:
 * `ELECTRON_RUN_AS_NODE=1 <app> <resources>/app.asar/out/cli/leukolens.js --help`.
 */
import { main } from './index'

process.exitCode = await main(process.argv.slice(2))
