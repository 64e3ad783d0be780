// `npm test`: the whole suite — unit and integration tests (vitest, plain Node, wasm backend, real images from
// ../shared), then the end-to-end flow in headless Debian Chromium. Chromium comes from Debian's packages (never a
// downloaded browser); as root with apt-get available it is installed here, elsewhere the message says how.
// Ends with one line "tests: N passed, N failed" summing both runs.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'

const CHROMIUM = process.env.LEUKOLENS_CHROMIUM ?? '/usr/bin/chromium'
mkdirSync('test-artifacts', { recursive: true })

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`)
  return spawnSync(cmd, args, { stdio: 'inherit', ...opts }).status ?? 1
}

function counts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0 }
  const r = JSON.parse(readFileSync(file, 'utf8'))
  return {
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0)
  }
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log("Chromium is missing: installing Debian's chromium package for the end-to-end tests.")
    run('apt-get', ['update', '-qq'])
    run('apt-get', ['install', '-y', '-qq', 'chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    })
  }
  if (existsSync(CHROMIUM)) return true
  console.error(`End-to-end tests need Debian's Chromium at ${CHROMIUM}: sudo apt-get install chromium`)
  return false
}

const only = process.argv[2] // 'node' (unit + integration) | 'e2e' | undefined (both)
let status = 0
const files = []

// The command line and the extraction workers run built code (out/cli): build it from the sources under test
// first, so a stale build is never what the tests see.
status |= run('npm', ['run', 'build:cli'])
if (only !== 'e2e') {
  const out = 'test-artifacts/vitest.json'
  status |= run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`])
  files.push(out)
}
if (only !== 'node') {
  if (!ensureChromium()) status |= 1
  else {
    status |= run('npx', ['electron-vite', 'build']) // the app's own bundle (out/main, preload, renderer)
    const out = 'test-artifacts/vitest-e2e.json'
    status |= run('npx', [
      'vitest',
      'run',
      '--config',
      'tests/e2e/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${out}`
    ])
    files.push(out)
  }
}

const total = files
  .map(counts)
  .reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed }), {
    passed: 0,
    failed: 0
  })
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed`)
// The reports' counts too, not only the exit codes: a library hooking the test process's exit once turned a
// failed run's code into 0.
process.exit(status || total.failed ? 1 : 0)
