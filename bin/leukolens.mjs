#!/usr/bin/env node
// The command line runs its built bundle (out/cli/leukolens.js: `npm run build:cli`, run by postinstall and by
// `npm test`), so it starts in a fraction of a second; the desktop app ships the same bundle.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = fileURLToPath(new URL('../out/cli/leukolens.js', import.meta.url))
if (!existsSync(built)) {
  process.stderr.write(
    `leukolens: the command line is not built (${built} is missing): run \`npm run build:cli\`\n`
  )
  process.exit(1)
}
await import(built)
