import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TEST_POSTGRES_DIR_PREFIX } from '../support/postgres-context'

/** The file in the test server's folder naming the test run (its process id) that owns it. */
export const OWNER_FILE = 'owner.json'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readPid(file: string, pick: (text: string) => unknown): number | undefined {
  try {
    const pid = Number(pick(readFileSync(file, 'utf8')))
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/**
 * Only a process that is PostgreSQL's is signalled: a process id in a stale file may belong to anything now.
 * Undefined where the system does not tell (no /proc): such a folder is left alone.
 */
function isPostgres(pid: number): boolean | undefined {
  if (!existsSync('/proc/self/cmdline')) return undefined
  const cmdline = `/proc/${pid}/cmdline`
  return existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes('postgres')
}

/**
 * Stops the servers and removes the folders of earlier test runs that died without their teardown (killed with
 * SIGKILL, a machine that lost power): their owner process is gone while their PostgreSQL may still run.
 */
export function reapAbandonedTestServers(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TEST_POSTGRES_DIR_PREFIX)) continue
    const dir = join(tmpdir(), name)
    const owner = readPid(join(dir, OWNER_FILE), (t) => (JSON.parse(t) as { pid?: unknown }).pid)
    if (owner === undefined || alive(owner)) continue
    const servers = readdirSync(dir)
      .map((cluster) => readPid(join(dir, cluster, 'postmaster.pid'), (t) => t.split('\n')[0]))
      .filter((pid): pid is number => pid !== undefined && alive(pid))
    if (servers.some((pid) => isPostgres(pid) === undefined)) continue
    // SIGQUIT: PostgreSQL's immediate shutdown; the data is thrown away with the folder anyway.
    for (const pid of servers) if (isPostgres(pid)) process.kill(pid, 'SIGQUIT')
    rmSync(dir, { recursive: true, force: true })
  }
}
