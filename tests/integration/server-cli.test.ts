import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { stopLabServer } from '../../src/main/core/server/lab-server'
import { runCli, runCliInput } from '../helpers/cli'
import { freePort } from '../setup/postgres'

const dirs: string[] = []
/** A data folder PostgreSQL can reach when the tests run as root (it then runs as the `postgres` user). */
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'leukolens-server-'))
  chmodSync(d, 0o755)
  dirs.push(d)
  return d
}

afterAll(async () => {
  // A failed assertion must not leave a server running: stop each folder's, then remove the folders.
  for (const d of dirs) await stopLabServer(d).catch(() => undefined)
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const server = async (dir: string, ...args: string[]) => {
  const r = await runCli('--data-dir', dir, 'server', ...args)
  return { ...r, json: r.out.trim().startsWith('{') ? (JSON.parse(r.out) as Record<string, unknown>) : {} }
}

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ one: number }>('select 1 as one')).rows[0].one
  } finally {
    await client.end()
  }
}

/** Whether the process runs (a zombie that nobody reaped, as under some containers' init, does not). */
function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`
  if (existsSync('/proc/self/stat'))
    return existsSync(stat) && !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'))
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

describe('leukolens server', () => {
  it('starts a PostgreSQL that outlives the command, reports it, accepts the printed URL, and stops', async () => {
    const dir = dataDir()
    const port = await freePort()
    const start = await server(dir, 'start', '--port', String(port), '--json')
    expect(start.err).toBe('')
    expect(start.code).toBe(0)
    const url = String(start.json.url)
    expect(url).toMatch(new RegExp(`^postgres://leukolens:[^*@]+@localhost:${port}/leukolens$`))
    const password = new URL(url).password
    const passwordFile = join(dir, 'postgres', 'password')
    expect(readFileSync(passwordFile, 'utf8').trim()).toBe(password)
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600)

    // The start command has exited; the server it started still runs.
    const status = await server(dir, 'status', '--json')
    expect(status.json).toMatchObject({
      state: 'running',
      port,
      listen: 'localhost',
      folder: join(dir, 'postgres')
    })
    expect(status.json.url).toBe(`postgres://leukolens:***@localhost:${port}/leukolens`)
    expect(status.out).not.toContain(password)
    const pid = status.json.pid as number
    expect(alive(pid)).toBe(true)
    expect(await selectOne(url)).toBe(1)

    const human = await server(dir, 'status')
    expect(human.out).toContain(`running (pid ${pid})`)
    expect(human.out).toContain(`postgres://leukolens:***@localhost:${port}/leukolens`)
    expect(human.out).not.toContain(password)

    // A second start finds it running and says so; the same URL.
    const again = await server(dir, 'start', '--json')
    expect(again.code).toBe(0)
    expect(again.json).toMatchObject({ started: false, pid, url })
    // Asked to listen elsewhere while it runs: refused, not silently ignored.
    const elsewhere = await server(dir, 'start', '--listen', '0.0.0.0')
    expect(elsewhere.code).toBe(2)
    expect(elsewhere.err).toMatch(/already listens on localhost: stop it first/)

    const stop = await server(dir, 'stop')
    expect(stop.code).toBe(0)
    expect(stop.out).toContain('Lab server stopped.')
    expect(alive(pid)).toBe(false)
    expect((await server(dir, 'status', '--json')).json.state).toBe('stopped')
    expect((await server(dir, 'stop')).out).toContain('was not running')

    // Started again, the same cluster and password: the data a lab keeps survives a restart.
    const restart = await server(dir, 'start', '--port', String(port), '--json')
    expect(restart.json.url).toBe(url)
    expect(await selectOne(url)).toBe(1)
    expect((await server(dir, 'stop')).code).toBe(0)
  })

  it('refuses a taken port in one sentence, and --admin without a password before anything starts', async () => {
    const holder: Server = createServer()
    const port = await freePort()
    await new Promise<void>((done) => holder.listen({ host: '127.0.0.1', port }, done))
    try {
      const dir = dataDir()
      const taken = await server(dir, 'start', '--port', String(port))
      expect(taken.code).toBe(2)
      expect(taken.err.trim().split('\n')).toEqual([
        `leukolens: port ${port} is taken on 127.0.0.1 (another PostgreSQL or another program listens there): choose another with --port N`
      ])
      expect(existsSync(join(dir, 'postgres'))).toBe(false)

      // --admin without a password on standard input: refused before anything starts.
      const admin = await server(dir, 'start', '--port', String(await freePort()), '--admin', 'hana')
      expect(admin.code).toBe(2)
      expect(admin.err).toMatch(/no password on standard input/)
      expect(existsSync(join(dir, 'postgres'))).toBe(false)
    } finally {
      holder.close()
    }
  })

  it("--admin makes the lab's first admin, who then signs in from another workstation's command line", async () => {
    const dir = dataDir()
    const start = await runCliInput(
      'first-secret\n',
      {},
      '--data-dir',
      dir,
      'server',
      'start',
      '--port',
      String(await freePort()),
      '--admin',
      'hana',
      '--json'
    )
    expect(start.err).toBe('')
    const url = String(JSON.parse(start.out).url)
    try {
      const other = dataDir()
      const as = (password: string) =>
        runCliInput(
          undefined,
          { LEUKOLENS_USER: 'hana', LEUKOLENS_PASSWORD: password },
          '--data-dir',
          other,
          '--database',
          url,
          'users',
          'list',
          '--json'
        )
      const list = await as('first-secret')
      expect(list.err).toBe('')
      expect(JSON.parse(list.out)).toMatchObject([{ name: 'hana', role: 'admin' }])
      const wrong = await as('not-it')
      expect(wrong.code).not.toBe(0)
      expect(wrong.err).toMatch(/wrong user name or password/)
    } finally {
      expect((await server(dir, 'stop')).code).toBe(0)
    }
  })

  it('with --listen 0.0.0.0 lets the lab network log in with the password, and localhost-only again after', async () => {
    const dir = dataDir()
    const port = await freePort()
    const start = await server(dir, 'start', '--port', String(port), '--listen', '0.0.0.0', '--json')
    expect(start.code).toBe(0)
    expect(start.json.listen).toBe('0.0.0.0')
    const hba = join(dir, 'postgres', 'cluster', 'pg_hba.conf')
    expect(readFileSync(hba, 'utf8')).toMatch(/^host all all samenet scram-sha-256$/m)
    const url = new URL(String(start.json.url))
    url.hostname = '127.0.0.1'
    expect(await selectOne(url.href)).toBe(1)
    // A wrong password is refused: the rule asks for the password, it does not trust the network.
    url.password = 'wrong'
    await expect(selectOne(url.href)).rejects.toThrow(/password authentication failed/)
    expect((await server(dir, 'stop')).code).toBe(0)

    expect((await server(dir, 'start', '--port', String(port), '--json')).json.listen).toBe('localhost')
    expect(readFileSync(hba, 'utf8')).not.toMatch(/^host all all samenet/m)
    expect((await server(dir, 'stop')).code).toBe(0)
  })
})
