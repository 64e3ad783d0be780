// `npm run check:package`: runs electron-builder's own file selection for three targets and checks what went
// into each packaged app folder: exactly one ONNX Runtime library folder, the target's (the npm package holds
// 288 MB for all platforms), unpacked from the asar archive where the shipping config asks for one; the SQLite
// binding; the built command line (out/cli); and no tsx/esbuild.
//
// What is real and what is not: electron-builder copies the app's files by electron-builder.yml, as it does
// for a release. The Electron binary itself cannot be downloaded here, so each target gets a placeholder
// Electron folder (`electronDist`) that electron-builder only copies; native modules are not rebuilt
// (`npmRebuild=false`: that needs Electron's headers from the network). The resulting folders are not
// runnable apps — this checks which files a release carries, nothing more. Windows is packed without asar
// (asar integrity edits the Electron .exe, which the placeholder is not); macOS is not checked, because its
// packaging fetches tools from github.com after copying (its patterns have the same form as these).
//
// Needs `npm run build` first (the app's own files under out/).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const root = join(import.meta.dirname, '..')
const require = createRequire(import.meta.url)
const ORT_BIN = 'node_modules/onnxruntime-node/bin'

if (!existsSync(join(root, 'out/main')) || !existsSync(join(root, 'out/cli'))) {
  console.error('check:package: out/main or out/cli is missing — run `npm run build` first')
  process.exit(2)
}
// The command line the app ships: its built entry and its worker entry (unpacked, as the app's worker).
const CLI_FILES = ['out/cli/leukolens.js', 'out/cli/extract-worker.js']

const TARGETS = [
  { os: 'linux', arch: 'x64', ortDir: 'linux/x64', exe: 'electron', asar: true, appDir: 'linux-unpacked' },
  {
    os: 'linux',
    arch: 'arm64',
    ortDir: 'linux/arm64',
    exe: 'electron',
    asar: true,
    appDir: 'linux-arm64-unpacked'
  },
  { os: 'win', arch: 'x64', ortDir: 'win32/x64', exe: 'electron.exe', asar: false, appDir: 'win-unpacked' }
]

/** Every file under `dir`, relative to it. */
function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? walk(p, base) : [relative(base, p)]
  })
}

/** The `<platform>/<arch>` folders of ONNX Runtime libraries among `files` (paths inside an app folder). */
function ortDirs(files) {
  const dirs = new Set()
  for (const f of files) {
    const m = f.match(/onnxruntime-node\/bin\/napi-v\d+\/([^/]+\/[^/]+)\//)
    if (m) dirs.add(m[1])
  }
  return [...dirs].sort()
}

const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`
const work = mkdtempSync(join(tmpdir(), 'leukolens-check-package-'))
const problems = []
try {
  for (const t of TARGETS) {
    const label = `${t.os}-${t.arch}`
    const electronDist = join(work, `electron-${label}`)
    mkdirSync(electronDist)
    writeFileSync(join(electronDist, t.exe), 'placeholder for the Electron binary: copied, never run\n')
    const out = join(work, `release-${label}`)
    const args = [
      require.resolve('electron-builder/cli.js'),
      '--dir',
      `--${t.os}`,
      `--${t.arch}`,
      '-c.npmRebuild=false',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${out}`,
      ...(t.asar ? [] : ['-c.asar=false', '-c.win.signAndEditExecutable=false'])
    ]
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
    if (r.status !== 0) {
      problems.push(
        `${label}: electron-builder failed:\n${(r.stdout + r.stderr)
          .split('\n')
          .filter((l) => l.includes('⨯'))
          .join('\n')}`
      )
      continue
    }
    const resources = join(out, t.appDir, 'resources')
    const onDisk = walk(resources)
    // Inside the asar archive, files marked unpacked are listed too: only the ones really packed count there.
    const asarPath = join(resources, 'app.asar')
    const inAsar = t.asar
      ? require('@electron/asar')
          .listPackage(asarPath)
          .filter((f) => !existsSync(join(resources, 'app.asar.unpacked', f)))
          .map((f) => `app.asar${f}`)
      : []
    const files = [...onDisk, ...inAsar]
    const found = ortDirs(files)
    const packedOrt = inAsar.filter((f) => f.includes(ORT_BIN) && /\.(node|so|dll|dylib)(\.\d+)*$/.test(f))
    const sqlite = files.some((f) => f.endsWith('better-sqlite3/build/Release/better_sqlite3.node'))
    const runner = files.filter((f) => /node_modules\/(tsx|esbuild|@esbuild)\//.test(f))
    const size = onDisk.reduce((s, f) => s + statSync(join(resources, f)).size, 0)
    console.log(
      `${label.padEnd(12)} ONNX Runtime libraries: ${found.join(', ') || 'none'}  ·  resources ${mb(size)}  ·  asar ${t.asar ? 'yes' : 'no'}`
    )
    if (found.length !== 1 || found[0] !== t.ortDir)
      problems.push(
        `${label}: expected ONNX Runtime's ${t.ortDir} only, found: ${found.join(', ') || 'none'}`
      )
    if (packedOrt.length)
      problems.push(`${label}: native libraries inside app.asar (must be unpacked): ${packedOrt.join(', ')}`)
    if (!sqlite) problems.push(`${label}: better_sqlite3.node is missing`)
    if (runner.length) problems.push(`${label}: tsx/esbuild were packaged (${runner.length} files)`)
    const cliMissing = CLI_FILES.filter((f) => !files.some((p) => p.endsWith(f)))
    if (cliMissing.length) problems.push(`${label}: the command line is missing: ${cliMissing.join(', ')}`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (problems.length) {
  console.error(`\ncheck:package: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
console.log('\ncheck:package: each target carries only its own ONNX Runtime libraries')
