/**
 * vitest global setup: the tests that run the command line spawn its build (bin/leukolens.mjs → out/cli), and
 * extraction workers always start from built files (engine/workers/spawn.ts). So that a source change is never
 * tested against an old build, the CLI is rebuilt here whenever a source file is newer than the build.
 * (`npm test` builds it first anyway; this covers `npx vitest run some.test.ts`.)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '../..')
const BUILT = join(root, 'out/cli/leukolens.js')
const INPUTS = ['src/main', 'src/shared', 'vite.cli.config.ts', 'package.json']

function newestMtime(path: string): number {
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), s.mtimeMs)
}

export function cliBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true
  const built = statSync(BUILT).mtimeMs
  return INPUTS.some((p) => newestMtime(join(root, p)) > built)
}

export default function setup(): void {
  if (!cliBuildIsStale()) return
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit'
    }
  )
  if (r.status !== 0)
    throw new Error('building the command line (npm run build:cli) failed: the tests need it')
}
