#!/usr/bin/env node
// The command line runs the same TypeScript modules as the desktop app, straight from src/ through tsx,
// so there is no separate build step between `npm install` and `npx leukolens`.
import { register } from 'tsx/esm/api'
import { register as registerHooks } from 'node:module'
import { fileURLToPath } from 'node:url'

register()
registerHooks('./tsx-passthrough.mjs', import.meta.url) // after tsx, so it runs first: see the file
const entry = new URL('../src/main/cli/index.ts', import.meta.url)
const { main } = await import(fileURLToPath(entry))
process.exitCode = await main(process.argv.slice(2))
// Every command has finished its work and reported by now. Whatever a failed job might still hold open (a worker
// thread, a timer) must not keep the process alive: the command has ended, so the process ends too.
setTimeout(() => process.exit(), 2000).unref()
