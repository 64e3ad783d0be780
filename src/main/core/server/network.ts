import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { ServerError, ServerOptionError } from './binaries'
import type { ServerFolder } from './folder'

/** Listening addresses as PostgreSQL's `listen_addresses` takes them: host names or IPs, comma-separated, or `*`. */
const LISTEN = /^(\*|[A-Za-z0-9.:_-]+(,[A-Za-z0-9.:_-]+)*)$/

export function parseListen(text: string): string {
  const v = text.trim()
  if (!LISTEN.test(v))
    throw new ServerOptionError(
      `--listen ${text}: give an address to listen on (localhost, an IP of this machine, or 0.0.0.0 for every network)`
    )
  return v
}

export function listensBeyondThisMachine(listen: string): boolean {
  return listen.split(',').some((a) => !['localhost', '127.0.0.1', '::1'].includes(a))
}

/** The host other workstations write in the URL: this machine's name when it listens on every address. */
export function urlHost(listen: string): string {
  const first = listen.split(',')[0]!
  return first === '*' || first === '0.0.0.0' || first === '::' ? hostname() : first
}

/** The host this machine connects to, to make the database right after the start. */
export function localHost(listen: string): string {
  const first = listen.split(',')[0]!
  return first === '*' || first === '0.0.0.0' || first === '::' ? 'localhost' : first
}

function bindable(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((done) => {
    const s = createServer()
    s.once('error', (err: NodeJS.ErrnoException) => done(err))
    s.listen({ host, port, exclusive: true }, () => s.close(() => done(undefined)))
  })
}

/**
 * Refuses, in one sentence, a port another program holds on the addresses the server is to listen on, before
 * anything starts (PostgreSQL would only say so in its log). An address family this machine lacks is no obstacle.
 */
export async function checkPortFree(listen: string, port: number): Promise<void> {
  const hosts = listen
    .split(',')
    .flatMap((a) => (a === 'localhost' ? ['127.0.0.1', '::1'] : a === '*' ? ['0.0.0.0'] : [a]))
  for (const host of hosts) {
    const err = await bindable(host, port)
    if (!err || err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT') continue
    if (err.code === 'EADDRINUSE')
      throw new ServerOptionError(
        `port ${port} is taken on ${host} (another PostgreSQL or another program listens there): choose another with --port N`
      )
    if (err.code === 'EACCES')
      throw new ServerOptionError(
        `port ${port} needs administrator rights here: choose one above 1023 with --port N`
      )
    throw new ServerError(`cannot listen on ${host} port ${port}: ${err.message}`)
  }
}

const MARK = '# leukolens: password (scram-sha-256) logins from the networks this machine is on'
const LAB_LINE = 'host all all samenet scram-sha-256'

/**
 * The access rule for other workstations: while the server listens beyond this machine, PostgreSQL accepts
 * password logins from every network it is directly on (`samenet`) — the lab's — and from nowhere else; the
 * rule is taken out again when it listens on localhost only. initdb's own rules (this machine, password) stay.
 */
export function setLabNetworkAccess(folder: ServerFolder, open: boolean): void {
  const file = join(folder.cluster, 'pg_hba.conf')
  if (!existsSync(file)) return
  const lines = readFileSync(file, 'utf8').split('\n')
  const at = lines.indexOf(MARK)
  const without = at < 0 ? lines : [...lines.slice(0, at), ...lines.slice(at + 2)]
  const next = open
    ? [...without.filter((l, i) => l !== '' || i < without.length - 1), MARK, LAB_LINE, '']
    : without
  writeFileSync(file, next.join('\n'))
}
