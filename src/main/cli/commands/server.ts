import type { Command } from 'commander'
import type { AfterStart, LabServerStatus } from '../../core/server/lab-server'
import { UsageError } from '../errors'
import { intFlag } from '../flags'
import type { RegisterCommand } from './register'

/**
 * The step `server start --admin NAME` runs once the server accepts connections: the lab's first admin account in
 * the new database. The password is read from standard input before the server starts, so a missing one is refused
 * before anything is made; an existing admin makes the step refuse (accounts are added with `users add`).
 */
async function firstAdminStep(name: string | undefined): Promise<AfterStart | undefined> {
  if (name === undefined) return undefined
  const { passwordFromStdin } = await import('../password-input')
  const password = await passwordFromStdin(`password for the lab's first admin ${name}: `)
  const { firstAdminAfterStart } = await import('../../core/people/first-admin')
  return firstAdminAfterStart(name, password)
}

function portFlag(text: string | undefined): number | undefined {
  const port = intFlag('--port', text)
  if (port !== undefined && port > 65535)
    throw new UsageError(`invalid --port "${text}": expected a port number from 1 to 65535`)
  return port
}

/** The lines `server start` and `server status` print; `withPassword` only for the start's own hand-out. */
function describe(s: LabServerStatus, withPassword: boolean): string {
  if (s.state === 'stopped') return `stopped\ndata    ${s.folder}`
  return [
    `running (pid ${s.pid})`,
    `url     ${(withPassword ? s.url?.href : s.url?.masked) ?? `(password file ${s.passwordFile} is missing)`}`,
    `listen  ${s.listen}, port ${s.port}`,
    `data    ${s.folder}`,
    ...(withPassword ? [] : [`password in ${s.passwordFile}`])
  ].join('\n')
}

function asJson(s: LabServerStatus, withPassword: boolean): Record<string, unknown> {
  return { ...s, url: withPassword ? s.url?.href : s.url?.masked }
}

const START_HELP = `
The server is PostgreSQL (its programs ship with Leukolens), kept in the data folder's postgres/ folder: the
cluster, the generated password (postgres/password, readable by you only) and PostgreSQL's log. It keeps running
after this command returns, until \`leukolens server stop\`. The first start makes the database "leukolens" and
prints its URL with the password: give it to the lab's workstations (their --database flag, LEUKOLENS_DATABASE_URL
or the Settings screen) and to no one else.

By default only this machine can connect (--listen localhost). --listen 0.0.0.0 listens on every network and
lets other workstations log in with the password (scram-sha-256) from the networks this machine is directly on;
to allow another network, add a line to postgres/cluster/pg_hba.conf. Started by root, PostgreSQL runs as the
"postgres" system user (it refuses root).`

export const registerServer: RegisterCommand = (program, context) => {
  const server = program
    .command('server')
    .description("The lab's shared database: a PostgreSQL server in the data folder for several workstations")
  server
    .command('start')
    .description(
      'Start the lab server (made on first use), print its postgres:// URL, return once it accepts connections'
    )
    .option('--port <n>', 'TCP port (default 5432)')
    .option('--listen <addr>', 'address to listen on: localhost (default), an IP of this machine, or 0.0.0.0')
    .option('--admin <name>', "make the lab's first admin account (its password read from standard input)")
    .addHelpText('after', START_HELP)
    .action(async (opts: { port?: string; listen?: string; admin?: string }, cmd: Command) => {
      const ctx = context(cmd)
      const port = portFlag(opts.port)
      const afterStart = await firstAdminStep(opts.admin)
      const { parseListen } = await import('../../core/server/network')
      const listen = opts.listen === undefined ? undefined : parseListen(opts.listen)
      const { startLabServer } = await import('../../core/server/lab-server')
      const s = await startLabServer({ dataDir: ctx.dataDir(), port, listen, afterStart })
      ctx.print(asJson(s, true), () =>
        [s.started ? 'Lab server started.' : 'Lab server already running.', describe(s, true)].join('\n')
      )
    })
  server
    .command('stop')
    .description('Stop the lab server cleanly (open sessions end, their unfinished transactions roll back)')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const { stopLabServer } = await import('../../core/server/lab-server')
      const s = await stopLabServer(ctx.dataDir())
      ctx.print(asJson(s, false), () =>
        s.stopped
          ? `Lab server stopped.\ndata    ${s.folder}`
          : `Lab server was not running.\ndata    ${s.folder}`
      )
    })
  server
    .command('status')
    .description('Whether the lab server runs, its URL (password masked), data folder and process id')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const { labServerStatus } = await import('../../core/server/lab-server')
      const s = labServerStatus(ctx.dataDir())
      ctx.print(asJson(s, false), () => describe(s, false))
    })
}
