// `npm run bench:cli`: how long the command line takes to answer, Node's own start included — the median of 5
// wall times of `leukolens --version` and `leukolens models list` (on a fresh data folder, after one untimed run
// that creates its database), next to a bare `node -e 0` on the same machine at the same moment. The load average
// is printed with them: on a shared machine the figures move with it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = join(import.meta.dirname, '..', 'bin', 'leukolens.mjs')
const RUNS = 5
const data = mkdtempSync(join(tmpdir(), 'leukolens-bench-cli-'))

function wall(args) {
  const t = performance.now()
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const ms = performance.now() - t
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return ms
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const cases = [
  ['node -e 0 (Node alone)', ['-e', '0']],
  ['leukolens --version', [BIN, '--version']],
  ['leukolens models list', [BIN, '--data-dir', data, 'models', 'list']]
]
try {
  wall([BIN, '--data-dir', data, 'models', 'list']) // creates the database: not what is measured
  console.log(
    `${cpus().length} core(s) ${cpus()[0]?.model ?? ''}; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  )
  for (const [label, args] of cases) {
    const times = Array.from({ length: RUNS }, () => wall(args))
    console.log(
      `${label.padEnd(26)} median ${(median(times) / 1000).toFixed(3)} s  (runs: ${times.map((t) => (t / 1000).toFixed(2)).join(' ')})`
    )
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  )
} finally {
  rmSync(data, { recursive: true, force: true })
}
