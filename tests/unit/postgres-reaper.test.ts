import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { OWNER_FILE, reapAbandonedTestServers } from '../setup/postgres-reaper'
import { TEST_POSTGRES_DIR_PREFIX } from '../support/postgres-context'

const made: string[] = []
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A test server folder as the global setup leaves it, owned by `owner` (no owner file when undefined). */
function serverFolder(owner: number | undefined, postmasterPid?: number): string {
  const dir = mkdtempSync(join(tmpdir(), TEST_POSTGRES_DIR_PREFIX))
  made.push(dir)
  if (owner !== undefined) writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: owner }))
  if (postmasterPid !== undefined) {
    mkdirSync(join(dir, 'cluster-1'))
    writeFileSync(join(dir, 'cluster-1', 'postmaster.pid'), `${postmasterPid}\n/x\n0\n5432\n\nlocalhost\n`)
  }
  return dir
}

/** The id of a process that has exited. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout
  )
}

describe("reaping the tests' PostgreSQL folders of runs that were killed", () => {
  it('removes the folder of a run whose process is gone, and never signals a process that is not PostgreSQL', () => {
    const gone = deadPid()
    // The "server" in it is this test process: alive, but not PostgreSQL, so it must survive the reaping.
    const abandoned = serverFolder(gone, process.pid)
    const running = serverFolder(process.pid)
    const starting = serverFolder(undefined)
    reapAbandonedTestServers()
    expect(existsSync(abandoned)).toBe(false)
    expect(existsSync(running)).toBe(true)
    expect(existsSync(starting)).toBe(true)
  })
})
