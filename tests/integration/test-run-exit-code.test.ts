import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../..')

describe('the test run itself', () => {
  // The suite's global setup starts PostgreSQL through a library that hooks the process's exit; once that turned
  // a failed run's exit code into 0, and CI read a red run as green.
  it('exits 1 when a test fails, with the suite PostgreSQL setup loaded', () => {
    const r = spawnSync(
      'npx',
      ['vitest', 'run', '--config', 'tests/fixtures/failing-run/vitest.config.ts', '--reporter=dot'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } }
    )
    expect(`${r.stdout}${r.stderr}`).toMatch(/1 failed/)
    expect(r.status).toBe(1)
  }, 120_000)
})
