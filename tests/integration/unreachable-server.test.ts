import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import { stopLabServer } from '../../src/main/core/server/lab-server'
import { runCliInput } from '../helpers/cli'
import { publishModel, tinyBackboneDir } from '../helpers/publish-model'
import { seedScan } from '../helpers/review-seed'
import { serviceHarness } from '../helpers/services'
import { SHARED } from '../helpers/shared'
import { tinyModelSetup } from '../helpers/tiny-model'
import { freePort } from '../setup/postgres'
import { ariaFiles, copyInto } from './scan-model.fixture'

/**
 * A lab server of its own (`leukolens server start`, not the run's shared test server, which must never stop),
 * stopped under a command, a scan and a review, and started again: each says in one sentence that the server at
 * host:port cannot be reached (its password never shown), and nothing done before is lost — the scan resumes
 * without a duplicate, the review is stored once.
 */
const BIN = resolve(__dirname, '../../bin/leukolens.mjs')
const IMAGES = 60
const TECH = { LEUKOLENS_USER: 'tech', LEUKOLENS_PASSWORD: 'tech password' }

let root: string
let serverDir: string
let dataDir: string
let folder: string
let port: number
let url: string

const env = (): Record<string, string | undefined> => ({
  LEUKOLENS_BACKEND: 'wasm',
  LEUKOLENS_WORKERS: '1',
  LEUKOLENS_SHARED: SHARED,
  LEUKOLENS_DATABASE_URL: url,
  ...TECH
})
const cli = (...argv: string[]) => runCliInput(undefined, env(), '--data-dir', dataDir, ...argv)
const server = (input: string | undefined, ...argv: string[]) =>
  runCliInput(input, { LEUKOLENS_DATABASE_URL: undefined }, '--data-dir', serverDir, 'server', ...argv)

async function startServer(): Promise<void> {
  const r = await server(undefined, 'start', '--port', String(port), '--json')
  expect(r.code, r.err).toBe(0)
}

async function stopServer(): Promise<void> {
  const r = await server(undefined, 'stop')
  expect(r.code, r.err).toBe(0)
}

/** A command line process of its own, for what runs while the server stops; its standard error as it comes. */
function spawnCli(...argv: string[]): { child: ChildProcess; exited: Promise<number | null>; err(): string } {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, ...argv], {
    env: Object.fromEntries(Object.entries({ ...process.env, ...env() })),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let err = ''
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c))
  child.stdout!.resume()
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
  return { child, exited, err: () => err }
}

async function rows<T>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}

/** The server as the messages name it: host and port, the password masked. */
const masked = (): string => `postgres://leukolens:\\*\\*\\*@localhost:${port}/leukolens`
/** The one sentence an unreachable server gets (its cause in brackets: the refused connection, the shutdown). */
const unreachable = (): RegExp =>
  new RegExp(
    `^leukolens: The shared database at ${masked()} cannot be reached \\([^)]+\\): what was stored stays[^\\n]*\\.$`
  )
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'leukolens-unreachable-'))
  // Started by root (CI), PostgreSQL runs as the `postgres` user, which must reach the server's folder.
  chmodSync(root, 0o755)
  serverDir = join(root, 'server')
  port = await freePort()
  const start = await server('root password\n', 'start', '--port', String(port), '--admin', 'root', '--json')
  expect(start.code, start.err).toBe(0)
  url = String(JSON.parse(start.out).url)
  const setup = await tinyModelSetup(root)
  setup.db.close()
  dataDir = setup.dirs.root
  const admin = { LEUKOLENS_USER: 'root', LEUKOLENS_PASSWORD: 'root password' }
  for (const [name, role] of [
    ['tech', 'technician'],
    ['res', 'researcher']
  ]) {
    const added = await runCliInput(
      `${name} password\n`,
      { ...env(), ...admin },
      ...['--data-dir', dataDir, 'users', 'add', name, '--role', role]
    )
    expect(added.code, added.err).toBe(0)
  }
  await publishModel({
    dataDir,
    modelId: setup.modelId,
    backboneDir: tinyBackboneDir(root),
    backboneName: 'tiny',
    databaseUrl: url,
    researcher: { name: 'res', password: 'res password' },
    archive: join(root, 'tiny-model.zip')
  })
  folder = join(root, 'incoming')
  copyInto(folder, [...ariaFiles('Benign', IMAGES / 2, 30), ...ariaFiles('Early', IMAGES / 2, 30)])
}, 300_000)

afterAll(async () => {
  if (serverDir) await stopLabServer(serverDir).catch(() => undefined)
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('an unreachable lab server', () => {
  it('fails a command with one sentence naming the server, exit 1, and the same command works once it is back', async () => {
    const before = await cli('--json', 'models', 'list')
    expect(before.code, before.err).toBe(0)
    await stopServer()
    try {
      const after = await cli('--json', 'models', 'list')
      expect(after.code).toBe(1)
      expect(after.out).toBe('')
      expect(after.err.trimEnd().split('\n')).toHaveLength(1)
      expect(after.err.trimEnd()).toMatch(unreachable())
      expect(after.err).not.toContain(new URL(url).password)
      // A worker that was to stop once the queue is empty cannot know it is: it says why, the same way.
      const once = await cli('worker', '--once')
      expect(once.code).toBe(1)
      expect(once.err.split('\n').filter((l) => l.startsWith('leukolens:'))).toEqual([
        expect.stringMatching(unreachable())
      ])
    } finally {
      await startServer()
    }
    expect((await cli('--json', 'models', 'list')).out).toBe(before.out)
  })

  it('stops a scan in one sentence, keeps what it stored, and the rerun resumes the same scan without duplicates', async () => {
    const scan = spawnCli('scan', folder, '--batch-size', '2', '--workers', '1')
    const { exited } = scan
    let finished = false
    void exited.then(() => (finished = true))
    // Some predictions committed, then the server goes away under the running scan.
    let atStop = 0
    while (!finished && atStop < 6) {
      await sleep(50)
      atStop = Number(
        (await rows<{ n: string }>('SELECT count(*) AS n FROM scan_items WHERE prediction_id IS NOT NULL'))[0]
          .n
      )
    }
    expect(finished, `the scan finished before the server could be stopped: ${scan.err()}`).toBe(false)
    await stopServer()
    const code = await exited
    await startServer()
    expect(code, scan.err()).toBe(1)
    const said = scan
      .err()
      .split('\n')
      .filter((l) => l.startsWith('leukolens:'))
    expect(said).toHaveLength(1)
    expect(said[0]).toMatch(
      new RegExp(
        `^leukolens: scan \\d+ of ${escaped(folder)} stopped: the shared database at ${masked()} cannot be reached \\([^)]+\\)\\. Finished results are kept; run the same scan again to resume it\\.$`
      )
    )
    expect(scan.err()).not.toContain(new URL(url).password)
    const kept = await rows<{ n: string }>(
      'SELECT count(*) AS n FROM scan_items WHERE prediction_id IS NOT NULL'
    )
    expect(Number(kept[0].n)).toBeGreaterThanOrEqual(atStop)

    const rerun = await cli('--json', 'scan', folder)
    expect(rerun.code, rerun.err).toBe(0)
    const summary = JSON.parse(rerun.out) as { scanId: number; files: number; reused: number }
    expect(summary.files).toBe(IMAGES)
    expect(summary.reused).toBeGreaterThanOrEqual(atStop)
    expect(await rows<{ id: number; status: string }>('SELECT id, status FROM scans')).toEqual([
      { id: summary.scanId, status: 'done' }
    ])
    const perPath = await rows<{ n: string }>('SELECT count(*) AS n FROM scan_items GROUP BY path')
    expect(perPath).toHaveLength(IMAGES)
    expect(perPath.every((r) => Number(r.n) === 1)).toBe(true)
    const perContent = await rows<{ n: string }>('SELECT count(*) AS n FROM predictions GROUP BY sha256')
    expect(perContent.every((r) => Number(r.n) === 1)).toBe(true)
  })

  it("tells a waiting worker's wait once, naming the server, and it takes batches again once the server is back", async () => {
    const worker = spawnCli('worker')
    const { child, exited } = worker
    const until = async (text: string): Promise<void> => {
      while (!worker.err().includes(text) && child.exitCode === null) await sleep(50)
      expect(worker.err()).toContain(text)
    }
    try {
      await until('taking batches')
      await stopServer()
      try {
        await until('cannot be reached')
      } finally {
        await startServer()
      }
      await until('answers again')
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited, worker.err()).toBe(0)
    const waits = worker
      .err()
      .split('\n')
      .filter((l) => l.includes('cannot be reached'))
    expect(waits).toHaveLength(1)
    expect(waits[0].trim()).toMatch(
      new RegExp(`^the shared database at ${masked()} cannot be reached \\([^)]+\\): waiting for it`)
    )
  })

  it("refuses a window's review in one sentence while the server is down, and stores it once when it is back", async () => {
    const h = serviceHarness(join(root, 'window'))
    const own = h.ctx.store
    h.ctx.store = postgresStore(url)
    const sha = 'c'.repeat(64)
    try {
      await seedScan(h.ctx.store, [{ sha256: sha, path: '/cells/c.png', predicted: 'ALL' }])
      await h.call('session:signIn', { name: 'tech', password: 'tech password' })
      await stopServer()
      try {
        await expect(h.call('review:submit', { sha256: sha, label: 'HEM' })).rejects.toThrow(
          new RegExp(unreachable().source.replace('^leukolens: ', '^'))
        )
      } finally {
        await startServer()
      }
      await expect(h.call('review:submit', { sha256: sha, label: 'HEM' })).resolves.toMatchObject({
        reviewer: 'tech'
      })
      const log = await h.call('review:log', {})
      expect(log.filter((e) => e.sha256 === sha).map((e) => `${e.reviewer} ${e.newLabel}`)).toEqual([
        'tech HEM'
      ])
      expect(await h.call('review:verify')).toMatchObject({ ok: true })
    } finally {
      await h.ctx.store.close()
      h.ctx.store = own
      h.close()
    }
  })
})
