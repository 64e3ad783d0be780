import type { ReviewEntry } from '../../../../shared/types/scan'
import type { Queries } from '../store'

/**
 * SQL of the review audit log (migration 004; hash chain: 008), on either engine: insert and read only — the
 * table's triggers refuse UPDATE and DELETE, and there is deliberately no function here that tries.
 */

export interface ReviewRow {
  id: number
  sha256: string
  prediction_id: number | null
  old_label: string | null
  new_label: string
  note: string | null
  reviewer: string
  created_at: string
}

/** What an entry records: a review of an image, or a signature (migration 014) bound into the same chain. */
export type EntryKind = 'review' | 'signature'

/** An entry with its chain columns (review/chain.ts). */
export type ChainedReviewRow = ReviewRow & { kind: EntryKind; prev_hash: string | null; hash: string | null }

export function fromReviewRow(r: ReviewRow): ReviewEntry {
  return {
    id: r.id,
    sha256: r.sha256,
    predictionId: r.prediction_id,
    oldLabel: r.old_label,
    newLabel: r.new_label,
    note: r.note,
    reviewer: r.reviewer,
    createdAt: r.created_at
  }
}

const REVIEW_COLUMNS = [
  'id',
  'sha256',
  'prediction_id',
  'old_label',
  'new_label',
  'note',
  'reviewer',
  'created_at'
] as const

/** The prediction a review refers to: the given one (only if it is of this content), else the content's newest. */
export async function predictionForReview(
  q: Queries,
  sha256: string,
  predictionId?: number
): Promise<{ id: number; predicted: string; classes: string } | undefined> {
  let query = q.selectFrom('predictions').select(['id', 'predicted', 'classes']).where('sha256', '=', sha256)
  if (predictionId !== undefined) query = query.where('id', '=', predictionId)
  return query.orderBy('id', 'desc').limit(1).executeTakeFirst()
}

/** Appends one entry (its id chosen by the caller, as the chain hash covers it); returns it as stored. */
export async function insertReview(
  q: Queries,
  r: ReviewRow & { kind?: EntryKind; prev_hash: string; hash: string }
): Promise<ReviewRow> {
  return q.insertInto('review_log').values(r).returning(REVIEW_COLUMNS).executeTakeFirstOrThrow()
}

/** The id the next entry gets, and the newest entry's time (the chain needs both before inserting). */
export async function nextReviewSlot(q: Queries): Promise<{ id: number; newestAt: string | null }> {
  const r = await q
    .selectFrom('review_log')
    .select((eb) => [eb.fn.max('id').as('maxId'), eb.fn.max('created_at').as('newestAt')])
    .executeTakeFirstOrThrow()
  return { id: Number(r.maxId ?? 0) + 1, newestAt: r.newestAt ?? null }
}

/** The newest entry's chain hash (null for an empty log, or a log written before migration 008 backfilled it). */
export async function lastReviewHash(q: Queries): Promise<string | null | undefined> {
  const r = await q.selectFrom('review_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst()
  return r?.hash
}

/** Up to `limit` entries with their chain columns after entry `afterId`, oldest first: the chain walks pages. */
export async function chainPage(q: Queries, afterId: number, limit: number): Promise<ChainedReviewRow[]> {
  return q
    .selectFrom('review_log')
    .select([...REVIEW_COLUMNS, 'kind', 'prev_hash', 'hash'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .$narrowType<{ kind: EntryKind }>()
    .execute()
}

/** The chain links of some entries, by id (what an export prints beside each). */
export async function chainLinks(
  q: Queries,
  ids: readonly number[]
): Promise<Map<number, { prev_hash: string | null; hash: string | null }>> {
  const links = new Map<number, { prev_hash: string | null; hash: string | null }>()
  // In slices: a statement's parameters are bounded (SQLite's 32,766; PostgreSQL's 65,535).
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await q
      .selectFrom('review_log')
      .select(['id', 'prev_hash', 'hash'])
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute()
    for (const r of rows) links.set(r.id, r)
  }
  return links
}

/** The log's head: how many entries, and the newest one's id and hash (zeros and '' for an empty log). */
export async function reviewLogHead(
  q: Queries
): Promise<{ entries: number; lastId: number; lastHash: string }> {
  const count = await q
    .selectFrom('review_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const last = await q
    .selectFrom('review_log')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return { entries: Number(count.n), lastId: last?.id ?? 0, lastHash: last?.hash ?? '' }
}

/** Every entry of one content, oldest first. */
export async function reviewRowsOf(q: Queries, sha256: string): Promise<ReviewRow[]> {
  return q
    .selectFrom('review_log')
    .select(REVIEW_COLUMNS)
    .where('sha256', '=', sha256)
    .orderBy('id')
    .execute()
}

/** The newest entry of one content: its current review. */
export async function newestReviewRow(q: Queries, sha256: string): Promise<ReviewRow | undefined> {
  return q
    .selectFrom('review_log')
    .select(REVIEW_COLUMNS)
    .where('sha256', '=', sha256)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** The whole log, oldest first, or only the entries of contents one scan saw. */
export async function reviewRows(q: Queries, scanId?: number): Promise<ReviewRow[]> {
  let query = q.selectFrom('review_log').select(REVIEW_COLUMNS)
  if (scanId !== undefined)
    query = query.where('sha256', 'in', (eb) =>
      eb
        .selectFrom('scan_items')
        .select('sha256')
        .where('scan_id', '=', scanId)
        .where('sha256', 'is not', null)
        .$narrowType<{ sha256: string }>()
    )
  return query.orderBy('id').execute()
}

/** Each reviewed content's current label and the newest path a scan saw it at (optionally one scan's only). */
export async function currentLabels(
  q: Queries,
  scanId?: number
): Promise<{ sha256: string; label: string; path: string | null }[]> {
  let query = q
    .selectFrom('review_log as r')
    .select((eb) => [
      'r.sha256 as sha256',
      'r.new_label as label',
      eb
        .selectFrom('scan_items as i')
        .select('i.path')
        .whereRef('i.sha256', '=', 'r.sha256')
        .orderBy('i.id', 'desc')
        .limit(1)
        .as('path')
    ])
    .where('r.id', '=', (eb) =>
      eb
        .selectFrom('review_log as n')
        .select((e) => e.fn.max('n.id').as('id'))
        .whereRef('n.sha256', '=', 'r.sha256')
    )
    .where('r.kind', '=', 'review')
  if (scanId !== undefined)
    query = query.where('r.sha256', 'in', (eb) =>
      eb
        .selectFrom('scan_items')
        .select('sha256')
        .where('scan_id', '=', scanId)
        .$narrowType<{ sha256: string }>()
    )
  return query.orderBy('r.id').execute()
}

/** A reviewed content as one model version answered it: the current label beside that version's answer. */
export interface ReviewedAnswer {
  label: string
  reviewedAt: string
  predicted: string
  flagged: number
}

/**
 * Every content with a review and an answer from `modelId`, by its newest review (oldest first): the answer is the
 * prediction the review was made on when it is this version's, else this version's newest one of the content.
 */
export async function reviewedAnswersOf(q: Queries, modelId: string): Promise<ReviewedAnswer[]> {
  return q
    .selectFrom('review_log as r')
    .innerJoin('predictions as p', (join) =>
      join.on((eb) =>
        eb(
          'p.id',
          '=',
          eb.fn.coalesce(
            eb
              .selectFrom('predictions as own')
              .select('own.id')
              .whereRef('own.id', '=', 'r.prediction_id')
              .where('own.model_id', '=', modelId),
            eb
              .selectFrom('predictions as newest')
              .select((e) => e.fn.max('newest.id').as('id'))
              .whereRef('newest.sha256', '=', 'r.sha256')
              .where('newest.model_id', '=', modelId)
          )
        )
      )
    )
    .select(['r.new_label as label', 'r.created_at as reviewedAt', 'p.predicted', 'p.flagged'])
    .where('r.id', '=', (eb) =>
      eb
        .selectFrom('review_log as n')
        .select((e) => e.fn.max('n.id').as('id'))
        .whereRef('n.sha256', '=', 'r.sha256')
    )
    .orderBy('r.id')
    .execute()
}
