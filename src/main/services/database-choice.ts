import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PostgresUrl } from '../core/server/url'

/**
 * The shared database chosen in Settings (`databaseUrl`): a PostgreSQL URL, stored beside the local database in
 * the data folder rather than in it, because it must be known before any database opens. The URL carries a
 * password, so the file is readable by this user only. It takes effect at the next start.
 */
const FILE = 'database.json'

export function databaseChoiceFile(dataDir: string): string {
  return join(dataDir, FILE)
}

/**
 * The stored URL, or undefined when none is chosen. A damaged file is an error, never a silent fall-back: this
 * workstation writing into its own SQLite database while the lab reads the shared one would split the records.
 */
export function readDatabaseChoice(dataDir: string): PostgresUrl | undefined {
  const file = databaseChoiceFile(dataDir)
  if (!existsSync(file)) return undefined
  let url: unknown
  try {
    url = (JSON.parse(readFileSync(file, 'utf8')) as { databaseUrl?: unknown }).databaseUrl
  } catch {
    url = undefined
  }
  const where = `the databaseUrl setting (${file}; delete it to use this workstation's own database)`
  return PostgresUrl.parse(typeof url === 'string' ? url : '', where)
}

export function writeDatabaseChoice(dataDir: string, url: PostgresUrl): void {
  const file = databaseChoiceFile(dataDir)
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(file, `${JSON.stringify({ databaseUrl: url.href }, null, 2)}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
}

/** Back to this workstation's own SQLite database from the next start on. */
export function clearDatabaseChoice(dataDir: string): void {
  rmSync(databaseChoiceFile(dataDir), { force: true })
}
