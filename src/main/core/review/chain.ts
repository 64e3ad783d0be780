/**
 * The review log as a hash chain. Each entry stores `prev_hash` (the previous entry's hash; 64 zeros for the
 * first) and `hash` = SHA-256 over its own content and `prev_hash`. The database triggers already refuse UPDATE
 * and DELETE; the chain makes what they cannot stop visible: an edit after `DROP TRIGGER` changes an entry's
 * content under its stored hash, and an entry slipped in later (a backdated INSERT) either breaks the links or
 * sits after newer entries in time. Exports carry the last hash, so a copy of the log can be checked against them.
 */
import { createHash } from 'node:crypto'
import { chainPage, lastReviewHash, type ChainedReviewRow } from '../db/queries/reviews'
import type { Queries, Store } from '../db/store'
import { anchorFile, readAnchor, type ChainAnchor } from './anchor'

export const GENESIS_HASH = '0'.repeat(64)

/** The stored fields of one entry, as the database has them, with its chain columns. */
export type ChainedRow = ChainedReviewRow

/**
 * SHA-256 (hex) over the entry's fields in a fixed order (JSON array: unambiguous field boundaries). A signature
 * entry's kind is covered too; a review's is left out, so the hashes written before kinds existed still verify.
 */
export function entryHash(
  r: Omit<ChainedRow, 'hash' | 'prev_hash' | 'kind'> & { kind?: ChainedRow['kind'] },
  prevHash: string
): string {
  const fields: unknown[] = [
    r.id,
    r.sha256,
    r.prediction_id,
    r.old_label,
    r.new_label,
    r.note,
    r.reviewer,
    r.created_at,
    prevHash
  ]
  if (r.kind && r.kind !== 'review') fields.push(r.kind)
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

/** The hash the next entry links to: the newest entry's, or the genesis hash for an empty log. */
export async function lastHash(q: Queries): Promise<string> {
  return (await lastReviewHash(q)) ?? GENESIS_HASH
}

/** Entries read per page while the chain is walked: the whole log is never held at once. */
const PAGE = 2000

export interface ChainReport {
  ok: boolean
  entries: number
  /** The newest entry's hash (what exports carry). */
  lastHash: string
  /** The first entry that does not verify, and why. */
  broken?: { id: number; reason: string }
  /**
   * The head recorded outside the database (review/anchor.ts) the log was compared with; null when there is none
   * yet (a log written before anchors: the next review writes it).
   */
  anchor?: { file: string; entries: number; lastHash: string } | null
}

/**
 * Walks the whole log oldest first and stops at the first entry that does not verify; then compares the log with
 * its anchor (by default the file beside a SQLite database; null: the chain alone), which catches what a valid
 * chain can still hide: a removed tail, or a chain recomputed after an edit. A shared PostgreSQL database has no
 * file beside it: there the chain and the triggers are the record.
 */
export async function verifyChain(
  store: Store,
  anchorAt: string | null = anchorFile(store) ?? null
): Promise<ChainReport> {
  const anchor = anchorAt === null ? undefined : readAnchor(anchorAt)
  const wanted = anchor && anchor !== 'unreadable' ? anchor.entries : -1
  let walk: ChainWalk = { prev: GENESIS_HASH, prevTime: '', entries: 0 }
  for (let page = await chainPage(store.k, 0, PAGE); page.length;) {
    const step = walkPage(walk, page, wanted)
    if ('broken' in step)
      return { ok: false, entries: step.entries, lastHash: await lastHash(store.k), broken: step.broken }
    walk = step
    page = page.length < PAGE ? [] : await chainPage(store.k, page[page.length - 1].id, PAGE)
  }
  const report: ChainReport = { ok: true, entries: walk.entries, lastHash: walk.prev }
  if (anchorAt === null) return report
  if (anchor === 'unreadable')
    return {
      ...report,
      ok: false,
      broken: { id: walk.entries, reason: `the anchor ${anchorAt} cannot be read` }
    }
  if (!anchor) return { ...report, anchor: null }
  report.anchor = { file: anchorAt, entries: anchor.entries, lastHash: anchor.lastHash }
  return { ...report, ...compareWithAnchor(walk.entries, walk.anchoredHash, anchor) }
}

interface ChainWalk {
  prev: string
  prevTime: string
  entries: number
  /** The hash of entry number `wanted` (the anchored one), once walked past it. */
  anchoredHash?: string
}

/** Pure: the walk carried over one page of entries, or the first entry that breaks it. */
function walkPage(
  from: ChainWalk,
  rows: readonly ChainedRow[],
  wanted: number
): ChainWalk | { entries: number; broken: { id: number; reason: string } } {
  let { prev, prevTime, entries, anchoredHash } = from
  for (const r of rows) {
    entries++
    const broken = (reason: string) => ({ entries, broken: { id: r.id, reason } })
    if (r.prev_hash !== prev)
      return broken(
        `its link to the previous entry does not match (the entry was inserted out of order or the one before it was removed or changed)`
      )
    if (r.hash !== entryHash(r, prev))
      return broken('its content does not match its hash (the entry was edited after it was written)')
    if (r.created_at < prevTime)
      return broken(
        `it is dated ${r.created_at}, before the entry preceding it (${prevTime}): a backdated insert`
      )
    prev = r.hash
    prevTime = r.created_at
    if (entries === wanted) anchoredHash = r.hash
  }
  return { prev, prevTime, entries, anchoredHash }
}

function compareWithAnchor(
  entries: number,
  anchoredHash: string | undefined,
  anchor: ChainAnchor
): Pick<ChainReport, 'ok' | 'broken'> {
  if (entries < anchor.entries)
    return {
      ok: false,
      broken: {
        id: anchor.lastId,
        reason: `the log ends at entry ${entries} but the anchor says ${anchor.entries}: the last ${anchor.entries - entries} entr${anchor.entries - entries === 1 ? 'y was' : 'ies were'} removed`
      }
    }
  if (anchor.entries > 0 && anchoredHash !== anchor.lastHash)
    return {
      ok: false,
      broken: {
        id: anchor.lastId,
        reason: `entry ${anchor.entries} does not have the hash the anchor recorded (${anchor.lastHash.slice(0, 12)}…): the log was rewritten and its hashes recomputed`
      }
    }
  return { ok: true }
}
