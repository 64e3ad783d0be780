#!/usr/bin/env node
// The command line runs the same TypeScript modules as the desktop app, straight from src/ through tsx,
// so there is no separate build step between `npm install` and `npx leukolens`.
import { register } from 'tsx/esm/api'
import { fileURLToPath } from 'node:url'

register()
const entry = new URL('../src/main/cli/index.ts', import.meta.url)
const { main } = await import(fileURLToPath(entry))
process.exitCode = await main(process.argv.slice(2))
