// Root postinstall, two steps, neither of which fails the install:
// 1. Electron's own install script is switched off in package.json (`allowScripts`), because its binary download
//    fails on machines without a network and would fail `npm install`. Here we try that download once and only
//    warn when it fails, so a user with a network still gets a runnable desktop app and an offline build machine
//    still gets a working install.
// 2. The command line runs its built bundle (out/cli/, vite.cli.config.ts): it is built here, so `npx leukolens`
//    works right after `npm install` / `npm ci`. It needs no Electron binary.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = join(import.meta.dirname, '..')

function electronInstalled() {
  try {
    const dir = dirname(require.resolve('electron/package.json'))
    return { dir, ok: existsSync(join(dir, 'path.txt')) }
  } catch {
    return { dir: null, ok: false }
  }
}

const { dir, ok } = electronInstalled()
if (!dir) {
  console.warn(
    '[leukolens] electron is not installed (production install?): the desktop shell is unavailable.'
  )
} else if (ok) {
  console.log('[leukolens] Electron binary present.')
} else if (process.env.LEUKOLENS_SKIP_ELECTRON_DOWNLOAD) {
  console.warn('[leukolens] LEUKOLENS_SKIP_ELECTRON_DOWNLOAD is set: not fetching the Electron binary.')
} else {
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], {
    stdio: 'pipe',
    timeout: 120_000,
    encoding: 'utf8'
  })
  if (r.status === 0 && electronInstalled().ok) {
    console.log('[leukolens] Electron binary downloaded.')
  } else {
    const lines = (r.stderr || r.stdout || r.error?.message || 'unknown error').trim().split('\n')
    const why = (lines.find((l) => /error/i.test(l)) ?? lines[lines.length - 1]).trim()
    console.warn(
      `[leukolens] WARNING: the Electron binary could not be downloaded (${why}).\n` +
        '  The desktop app cannot start on this machine; everything it does is available from the command line:\n' +
        '  npx leukolens --help'
    )
  }
}

buildCli()

function buildCli() {
  let vite
  try {
    vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js')
  } catch {
    console.warn(
      '[leukolens] vite is not installed (production install?): the command line is not built; run `npm run build:cli` where it is.'
    )
    return
  }
  const r = spawnSync(process.execPath, [vite, 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    timeout: 600_000
  })
  if (r.status === 0) console.log('[leukolens] command line built (out/cli): npx leukolens --help')
  else
    console.warn(
      `[leukolens] WARNING: building the command line failed (${r.error?.message ?? `exit ${r.status}`}); run \`npm run build:cli\` to see why.`
    )
}
