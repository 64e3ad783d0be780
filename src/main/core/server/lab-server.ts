/**
 * The lab's PostgreSQL server, in the data folder: `startLabServer` makes the cluster on first use, starts it
 * with `pg_ctl` (which detaches it, so it keeps running after the command line exits) and returns once it
 * accepts connections; `stopLabServer` and `labServerStatus` find it again by its `postmaster.pid`.
 */
import { existsSync, readFileSync } from 'node:fs'
import pg from 'pg'
import { otherProcessAlive } from '../process-alive'
import { postgresBinaries, postgresRunAs, ServerError, ServerOptionError } from './binaries'
import {
  clusterExists,
  LAB_DATABASE,
  LAB_USER,
  preparePassword,
  readPassword,
  readPostmasterPid,
  serverFolder,
  type ServerFolder
} from './folder'
import { checkPortFree, listensBeyondThisMachine, localHost, setLabNetworkAccess, urlHost } from './network'
import { lastLine, runProgram } from './programs'
import { PostgresUrl } from './url'

export const DEFAULT_PORT = 5432
export const DEFAULT_LISTEN = 'localhost'

export interface LabServerStatus {
  state: 'running' | 'stopped'
  /** The URL workstations use (its password masked wherever it is printed: PostgresUrl). */
  url?: PostgresUrl
  pid?: number
  port?: number
  listen?: string
  /** The server's folder in the data folder: cluster, password file, log. */
  folder: string
  passwordFile: string
  log: string
  /** Whether this call started it (false: it was already running). */
  started?: boolean
}

/** What happens right after the start, before the command returns: the first admin account is made here. */
export type AfterStart = (url: PostgresUrl) => Promise<void>

export interface StartOptions {
  dataDir: string
  port?: number
  listen?: string
  afterStart?: AfterStart
}

function urlOf(
  folder: ServerFolder,
  listen: string,
  port: number,
  host = urlHost(listen)
): PostgresUrl | undefined {
  const password = readPassword(folder)
  return password === undefined
    ? undefined
    : PostgresUrl.of({ user: LAB_USER, password, host, port, database: LAB_DATABASE })
}

export function labServerStatus(dataDir: string): LabServerStatus {
  const folder = serverFolder(dataDir)
  const base = { folder: folder.root, passwordFile: folder.passwordFile, log: folder.log }
  const pid = readPostmasterPid(folder)
  if (!pid || !otherProcessAlive(pid.pid)) return { state: 'stopped', ...base }
  const listen = pid.listen || DEFAULT_LISTEN
  return {
    state: 'running',
    url: urlOf(folder, listen, pid.port),
    pid: pid.pid,
    port: pid.port,
    listen,
    ...base
  }
}

async function initialise(folder: ServerFolder): Promise<void> {
  const bins = await postgresBinaries()
  const runAs = postgresRunAs()
  preparePassword(folder, runAs)
  if (clusterExists(folder)) return
  const r = await runProgram(
    bins.initdb,
    [
      `--pgdata=${folder.cluster}`,
      `--username=${LAB_USER}`,
      `--pwfile=${folder.passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale'
    ],
    runAs
  )
  if (r.code === 0) return
  const why = lastLine(r.out)
  if (runAs.name && /permission denied/i.test(why))
    throw new ServerError(
      `started by root, PostgreSQL runs as user ${runAs.name}, who cannot reach ${folder.root}: let that user through the folders above it (chmod o+x), or start the server as an ordinary user`
    )
  throw new ServerError(`PostgreSQL could not make its cluster in ${folder.cluster}: ${why}`)
}

/** Makes the `leukolens` database on a fresh server (the cluster has only `postgres` and the templates). */
async function ensureDatabase(url: PostgresUrl): Promise<void> {
  const client = new pg.Client({ connectionString: url.withDatabase('postgres').href })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [url.database])
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(url.database)}`)
  } finally {
    await client.end()
  }
}

export async function startLabServer(options: StartOptions): Promise<LabServerStatus> {
  const running = labServerStatus(options.dataDir)
  if (running.state === 'running') {
    const moved =
      options.port !== undefined && options.port !== running.port
        ? `runs on port ${running.port}`
        : options.listen !== undefined && options.listen !== running.listen
          ? `listens on ${running.listen}`
          : undefined
    if (moved)
      throw new ServerOptionError(
        `the lab server of this data folder already ${moved}: stop it first (leukolens server stop), then start it with the new setting`
      )
    return { ...running, started: false }
  }
  const port = options.port ?? DEFAULT_PORT
  const listen = options.listen ?? DEFAULT_LISTEN
  const folder = serverFolder(options.dataDir)
  await checkPortFree(listen, port)
  await initialise(folder)
  setLabNetworkAccess(folder, listensBeyondThisMachine(listen))
  const { pg_ctl } = await postgresBinaries()
  // No Unix socket: every client connects over TCP, and a socket file in /tmp would tie two data folders'
  // servers on one port together (on Windows pg_ctl hands -o to cmd, which would keep the quotes: its default
  // stays there). `-w` returns once the server accepts connections.
  const settings =
    `-p ${port} -c listen_addresses=${listen}` +
    (process.platform === 'win32' ? '' : " -c unix_socket_directories=''")
  const r = await runProgram(
    pg_ctl,
    ['start', '-D', folder.cluster, '-l', folder.log, '-w', '-t', '60', '-o', settings],
    postgresRunAs()
  )
  if (r.code !== 0) throw new ServerError(startFailure(folder, port, r.out))
  const url = urlOf(folder, listen, port)!
  await ensureDatabase(urlOf(folder, listen, port, localHost(listen))!).catch((err: Error) => {
    throw /password authentication failed/.test(err.message)
      ? new ServerError(
          `the server runs, but does not take the password in ${folder.passwordFile} (was the file replaced?): put its own back`
        )
      : err
  })
  await options.afterStart?.(url)
  return { ...labServerStatus(options.dataDir), started: true }
}

/** Why the start failed, from the end of PostgreSQL's log (pg_ctl itself only says that it failed). */
function startFailure(folder: ServerFolder, port: number, pgCtlOut: string): string {
  const log = existsSync(folder.log) ? readFileSync(folder.log, 'utf8').split('\n').slice(-30).join('\n') : ''
  if (/Address already in use/i.test(log))
    return `port ${port} is taken (another program took it as the server started): choose another with --port N`
  const why =
    lastLine(
      log
        .split('\n')
        .filter((l) => /FATAL|ERROR|PANIC/.test(l))
        .join('\n')
    ) || lastLine(pgCtlOut)
  return `the lab server did not start: ${why} (log: ${folder.log})`
}

/** Stops the server cleanly (`pg_ctl stop -m fast`: open sessions are ended, their transactions rolled back). */
export async function stopLabServer(dataDir: string): Promise<LabServerStatus & { stopped: boolean }> {
  const before = labServerStatus(dataDir)
  if (before.state === 'stopped') return { ...before, stopped: false }
  const folder = serverFolder(dataDir)
  const { pg_ctl } = await postgresBinaries()
  const r = await runProgram(
    pg_ctl,
    ['stop', '-D', folder.cluster, '-m', 'fast', '-w', '-t', '60'],
    postgresRunAs()
  )
  if (r.code !== 0)
    throw new ServerError(`the lab server did not stop: ${lastLine(r.out)} (log: ${folder.log})`)
  return { ...labServerStatus(dataDir), stopped: true }
}
