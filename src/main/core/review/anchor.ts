/**
 * The review log's head, kept outside the database too: a small JSON file beside it (`leukolens.db-audit-anchor.json`)
 * with the entry count and the newest entry's hash, rewritten (atomically) after every append, and written beside
 * every backup. The hash chain alone cannot see the end of the log go: remove the last entries, or edit one and
 * recompute every hash after it, and what is left is a valid chain. Against the anchor it is not: the log ends
 * before the anchored entry, or that entry's hash is not the anchored one.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import { writeAtomicallySync } from '../files/staging'
import { stmt } from '../db/queries/statements'
import { reviewLogHead } from '../db/queries/reviews'
import type { Store } from '../db/store'

export interface ChainAnchor {
  /** Entries in the log when it was written, and the newest one's id and hash. */
  entries: number
  lastId: number
  lastHash: string
  writtenAt: string
}

/** The anchor beside a database file (or a backup of one). */
export const anchorFileOf = (dbFile: string): string => `${dbFile}-audit-anchor.json`

/**
 * The anchor of a store's log: beside its SQLite file; none for an in-memory database, nor for a shared PostgreSQL
 * one (no file of a workstation can speak for a server every workstation writes to).
 */
export function anchorFile(store: Store): string | undefined {
  return store.engine !== 'sqlite' || !store.place || store.place === ':memory:'
    ? undefined
    : anchorFileOf(store.place)
}

/** The log's head as a SQLite file (a backup copy) has it now. */
function chainHeadOf(db: Database): Omit<ChainAnchor, 'writtenAt'> {
  const r = stmt(
    db,
    'SELECT (SELECT count(*) FROM review_log) AS entries, id AS lastId, hash AS lastHash FROM review_log ORDER BY id DESC LIMIT 1'
  ).get() as { entries: number; lastId: number; lastHash: string | null } | undefined
  return r
    ? { entries: r.entries, lastId: r.lastId, lastHash: r.lastHash ?? '' }
    : { entries: 0, lastId: 0, lastHash: '' }
}

/** The anchor in `file`: undefined when there is none, 'unreadable' when it is not an anchor. */
export function readAnchor(file: string): ChainAnchor | undefined | 'unreadable' {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    return 'unreadable'
  }
  try {
    const a = JSON.parse(text) as ChainAnchor
    return Number.isInteger(a.entries) && a.entries >= 0 && typeof a.lastHash === 'string' ? a : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

/**
 * Writes the log's head to its anchor; call after the append has committed. Another process's append may have
 * written a newer head in between: the anchor never goes back (a head behind the log is only a later append whose
 * anchor write is still to come, which verification allows). Best effort: the review is stored whatever happens
 * here, and a folder that cannot take this file cannot take the database's writes either.
 */
export async function anchorStore(store: Store): Promise<void> {
  const file = anchorFile(store)
  if (!file) return
  try {
    writeHead(file, await reviewLogHead(store.k))
  } catch {
    // see above
  }
}

/** The same for a SQLite file opened on its own (a backup copy), into `file`. */
export function writeAnchor(db: Database, file: string): void {
  try {
    writeHead(file, chainHeadOf(db))
  } catch {
    // see anchorStore
  }
}

function writeHead(file: string, head: Omit<ChainAnchor, 'writtenAt'>): void {
  const current = readAnchor(file)
  if (current && current !== 'unreadable' && current.entries > head.entries) return
  const anchor: ChainAnchor = { ...head, writtenAt: new Date().toISOString() }
  writeAtomicallySync(file, (tmp) => writeFileSync(tmp, `${JSON.stringify(anchor, null, 1)}\n`))
}
