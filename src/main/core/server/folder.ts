import { randomBytes } from 'node:crypto'
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { RunAs } from './binaries'

/** The PostgreSQL superuser and the database the lab server makes (one per data folder). */
export const LAB_USER = 'leukolens'
export const LAB_DATABASE = 'leukolens'

/**
 * Where the lab server keeps its files, inside the data folder: the cluster PostgreSQL writes, the generated
 * password (readable by this user only) and PostgreSQL's own log.
 */
export interface ServerFolder {
  root: string
  cluster: string
  passwordFile: string
  log: string
}

export function serverFolder(dataDir: string): ServerFolder {
  const root = join(dataDir, 'postgres')
  return {
    root,
    cluster: join(root, 'cluster'),
    passwordFile: join(root, 'password'),
    log: join(root, 'postgres.log')
  }
}

/** Whether initdb has made the cluster (it writes PG_VERSION last but one; an empty folder is not one). */
export function clusterExists(folder: ServerFolder): boolean {
  return existsSync(join(folder.cluster, 'PG_VERSION'))
}

export function readPassword(folder: ServerFolder): string | undefined {
  if (!existsSync(folder.passwordFile)) return undefined
  return readFileSync(folder.passwordFile, 'utf8').split(/\r?\n/)[0] || undefined
}

/**
 * The server's folder with its password file: made once with a random password, mode 0600 (initdb reads it as
 * `--pwfile`, its first line). Under root the folder is handed to the user PostgreSQL runs as.
 */
export function preparePassword(folder: ServerFolder, runAs: RunAs): string {
  mkdirSync(dirname(folder.root), { recursive: true })
  mkdirSync(folder.root, { recursive: true, mode: 0o700 })
  chmodSync(folder.root, 0o700)
  let password = readPassword(folder)
  if (!password) {
    password = randomBytes(24).toString('base64url')
    writeFileSync(folder.passwordFile, `${password}\n`, { mode: 0o600 })
  }
  chmodSync(folder.passwordFile, 0o600)
  // What PostgreSQL makes in the folder (cluster, log) is its user's already; only these two are made here.
  if (runAs.uid !== undefined)
    for (const path of [folder.root, folder.passwordFile]) chownSync(path, runAs.uid, runAs.gid ?? runAs.uid)
  return password
}

/** PostgreSQL's `postmaster.pid`: the server's process, port and listening addresses while it runs. */
export interface PostmasterPid {
  pid: number
  port: number
  listen: string
  status: string
}

export function readPostmasterPid(folder: ServerFolder): PostmasterPid | undefined {
  const file = join(folder.cluster, 'postmaster.pid')
  if (!existsSync(file)) return undefined
  // Lines: pid, data folder, start time, port, socket folder, listen addresses, shared memory key, status.
  const lines = readFileSync(file, 'utf8').split('\n')
  const pid = Number(lines[0])
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  return { pid, port: Number(lines[3]), listen: (lines[5] ?? '').trim(), status: (lines[7] ?? '').trim() }
}
