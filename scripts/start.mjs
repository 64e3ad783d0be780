// `npm start`: builds and opens the desktop app where the Electron binary is present. Where it is not
// (its download needs a network), say so plainly and point to the command line, which does the same work.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
let electronBinary = null
try {
  const dir = dirname(require.resolve('electron/package.json'))
  const rel = existsSync(join(dir, 'path.txt')) ? readFileSync(join(dir, 'path.txt'), 'utf8').trim() : null
  if (rel && existsSync(join(dir, 'dist', rel))) electronBinary = join(dir, 'dist', rel)
} catch {
  /* electron not installed */
}

if (!electronBinary) {
  console.error(
    [
      'Leukolens: the Electron binary is not installed on this machine (its download needs a network, and it failed',
      'or was skipped during `npm install`), so the desktop window cannot open here.',
      '',
      'Everything the app does is available from the command line, on the same engine and database:',
      '  npx leukolens --help',
      '  npx leukolens import ../shared/data/aria-all --map Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL',
      '',
      'To get the desktop app on a machine with a network: node node_modules/electron/install.js && npm start'
    ].join('\n')
  )
  // Not an error of the install: the documented situation on an offline machine.
  process.exit(0)
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync(electronBinary, ['.'], { stdio: 'inherit' })
process.exit(run.status ?? 0)
