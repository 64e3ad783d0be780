import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import pg from 'pg'
import { expect } from 'vitest'
import { freshPostgresDatabase } from './engines'
import { runCliInput } from './cli'
import { publishModel, tinyBackboneDir } from './publish-model'
import { SHARED } from './shared'
import { tinyModelSetup } from './tiny-model'
import type { TrainedSetup } from '../integration/scan-model.fixture'

/**
 * A lab for queued-scan tests: a workstation's data folder with the tiny model, a fresh shared PostgreSQL database
 * with an admin and a technician, and the model published there — what `leukolens scan --queue` and
 * `leukolens worker` need. `env()` signs every command in as the technician; `alone()` is the workstation on its
 * own SQLite file (nobody signs in).
 */

const BIN = resolve(__dirname, '../../bin/leukolens.mjs')

export interface QueueLab {
  setup: TrainedSetup
  dataDir: string
  database: { url: string; drop(): Promise<void> }
  /** Rows of a statement on the shared database (`$1`… placeholders). */
  rows<T>(text: string, values?: unknown[]): Promise<T[]>
  env(): Record<string, string>
  alone(): Record<string, string | undefined>
  /**
   * A `leukolens worker` process (in `dataDir`: another workstation's data folder); `done` resolves its exit code
   * and standard error when it ends.
   */
  startWorker(
    args?: string[],
    dataDir?: string
  ): { child: ChildProcess; done: Promise<{ code: number | null; err: string }> }
  /** Ends the workers still running, and the connection, and drops the database. */
  close(): Promise<void>
}

export async function queueLab(root: string, leaseSeconds: number): Promise<QueueLab> {
  const setup = await tinyModelSetup(root)
  setup.db.close()
  const dataDir = setup.dirs.root
  const database = await freshPostgresDatabase()
  const children: ChildProcess[] = []
  const env = (): Record<string, string> => ({
    LEUKOLENS_BACKEND: 'wasm',
    LEUKOLENS_WORKERS: '1',
    LEUKOLENS_SHARED: SHARED,
    LEUKOLENS_DATABASE_URL: database.url,
    LEUKOLENS_QUEUE_LEASE_SECONDS: String(leaseSeconds),
    LEUKOLENS_USER: 'tech',
    LEUKOLENS_PASSWORD: 'tech password'
  })
  const alone = (): Record<string, string | undefined> => ({
    ...env(),
    LEUKOLENS_DATABASE_URL: undefined,
    LEUKOLENS_USER: undefined,
    LEUKOLENS_PASSWORD: undefined
  })
  const users = (input: string, as: Record<string, string>, ...argv: string[]) =>
    runCliInput(
      input,
      { ...env(), LEUKOLENS_USER: undefined, LEUKOLENS_PASSWORD: undefined, ...as },
      '--data-dir',
      dataDir,
      ...argv
    )
  expect((await users('root password\n', {}, 'users', 'add', 'root', '--role', 'admin')).code).toBe(0)
  const admin = { LEUKOLENS_USER: 'root', LEUKOLENS_PASSWORD: 'root password' }
  expect((await users('tech password\n', admin, 'users', 'add', 'tech', '--role', 'technician')).code).toBe(0)
  expect((await users('res password\n', admin, 'users', 'add', 'res', '--role', 'researcher')).code).toBe(0)
  await publishModel({
    dataDir,
    modelId: setup.modelId,
    backboneDir: tinyBackboneDir(root),
    backboneName: 'tiny',
    databaseUrl: database.url,
    researcher: { name: 'res', password: 'res password' },
    archive: resolve(root, 'tiny-model.zip')
  })
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  return {
    setup,
    dataDir,
    database,
    rows: async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as T[],
    env,
    alone,
    startWorker(args = [], dir = dataDir) {
      const child = spawn(process.execPath, [BIN, '--data-dir', dir, 'worker', ...args], {
        env: { ...process.env, ...env() },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      children.push(child)
      let err = ''
      child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c))
      child.stdout!.resume()
      const done = new Promise<{ code: number | null; err: string }>((res) =>
        child.on('close', (code) => res({ code, err }))
      )
      return { child, done }
    },
    async close() {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
      await client.end()
      await database.drop()
    }
  }
}
