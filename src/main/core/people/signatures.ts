/**
 * Electronic signatures (21 CFR Part 11 asks for the signer's name, the date and time, and the meaning of each): the
 * signer enters the password again, and the signature is written twice in one transaction — a row of `signatures`
 * and an entry of the hash-chained review log that names the signer and the meaning, so it takes its place in the
 * log's one order and cannot be edited or removed unseen (review/chain.ts).
 */
import { createHash } from 'node:crypto'
import { aRole, SIGNATURE_MEANINGS } from '../../../shared/roles'
import { insertSignature, signaturesOf } from '../db/queries/users'
import { lockFor, write, type Store } from '../db/store'
import { anchorStore } from '../review/anchor'
import { appendChained, REVIEW_LOG_LOCK } from '../review/log'
import { authenticate, mayDo, UserError, type Role } from './users'

export const MEANINGS = SIGNATURE_MEANINGS
export type Meaning = (typeof MEANINGS)[number]

export interface SignRequest {
  user: string
  password: string
  meaning: Meaning
  /** What is signed: a kind of record ('sample', 'scan', …), its id, and a SHA-256 of the content signed. */
  kind: string
  id: string
  contentSha256: string
}

export interface Signature {
  id: number
  user: string
  role: Role
  meaning: Meaning
  kind: string
  recordId: string
  contentSha256: string
  createdAt: string
  /** The review-log entry that binds it into the chain. */
  logEntryId: number
}

/**
 * The log entry's subject: a hash of what is signed. Never an image's own SHA-256, so a signature is never taken
 * for an image's newest review.
 */
export function signatureSubject(kind: string, id: string, contentSha256: string): string {
  return createHash('sha256')
    .update(JSON.stringify(['signature', kind, id, contentSha256]))
    .digest('hex')
}

function checkRequest(r: SignRequest): void {
  if (!(MEANINGS as readonly string[]).includes(r.meaning))
    throw new UserError(`"${r.meaning}" is not a meaning of a signature: use ${MEANINGS.join(' or ')}`)
  if (!r.kind.trim() || !r.id.trim())
    throw new UserError('a signature names the kind and id of what it signs')
  if (!/^[0-9a-f]{64}$/.test(r.contentSha256))
    throw new UserError(`not a SHA-256 of the signed content: "${r.contentSha256}"`)
}

/**
 * Signs a record: checks the password again (a wrong one is refused and nothing is written), checks that the
 * signer's role may sign, then writes the signature and its chained log entry in one write transaction.
 */
export async function signRecord(store: Store, r: SignRequest): Promise<Signature> {
  checkRequest(r)
  const user = await authenticate(store, r.user, r.password)
  if (!mayDo(user.role, 'sign'))
    throw new UserError(
      `${user.name} is ${aRole(user.role)}: signing needs the reviewer role; nothing was signed`
    )
  const kind = r.kind.trim()
  const recordId = r.id.trim()
  const signature = await write(store, async (trx) => {
    await lockFor(store, trx, REVIEW_LOG_LOCK)
    const entry = await appendChained(trx, {
      kind: 'signature',
      sha256: signatureSubject(kind, recordId, r.contentSha256),
      prediction_id: null,
      old_label: null,
      new_label: r.meaning,
      note: `signed ${r.meaning}: ${kind} ${recordId} (content sha256 ${r.contentSha256})`,
      reviewer: user.name
    })
    return insertSignature(trx, {
      user_id: user.id,
      meaning: r.meaning,
      kind,
      record_id: recordId,
      content_sha256: r.contentSha256,
      log_id: entry.id,
      created_at: entry.created_at
    })
  })
  await anchorStore(store)
  return {
    id: signature.id,
    user: user.name,
    role: user.role,
    meaning: r.meaning,
    kind,
    recordId,
    contentSha256: r.contentSha256,
    createdAt: signature.created_at,
    logEntryId: signature.log_id
  }
}

/** The signatures of one record, oldest first. */
export async function signaturesOfRecord(store: Store, kind: string, id: string): Promise<Signature[]> {
  return (await signaturesOf(store.k, kind, id)).map((s) => ({
    id: s.id,
    user: s.user,
    role: s.role as Role,
    meaning: s.meaning as Meaning,
    kind: s.kind,
    recordId: s.record_id,
    contentSha256: s.content_sha256,
    createdAt: s.created_at,
    logEntryId: s.log_id
  }))
}
