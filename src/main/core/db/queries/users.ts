import type { Queries } from '../store'

/** SQL of users and signatures (migration 014), on either engine. Signatures are only inserted and read. */

export interface UserRow {
  id: number
  name: string
  role: string
  password_hash: string
  password_salt: string
  password_params: string
  created_at: string
  disabled: number
}

export interface SignatureRow {
  id: number
  user_id: number
  meaning: string
  kind: string
  record_id: string
  content_sha256: string
  log_id: number
  created_at: string
}

export async function insertUser(q: Queries, u: Omit<UserRow, 'id' | 'disabled'>): Promise<UserRow> {
  return q.insertInto('users').values(u).returningAll().executeTakeFirstOrThrow()
}

/** A user by name, in any case ("Ana" is "ana": names are unique that way). */
export async function userByName(q: Queries, name: string): Promise<UserRow | undefined> {
  return q
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst()
}

export async function userRows(q: Queries): Promise<UserRow[]> {
  return q.selectFrom('users').selectAll().orderBy('id').execute()
}

export async function countUsers(q: Queries): Promise<number> {
  const r = await q
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function setUserDisabled(q: Queries, id: number, disabled: boolean): Promise<void> {
  await q
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', id)
    .execute()
}

export async function insertSignature(q: Queries, s: Omit<SignatureRow, 'id'>): Promise<SignatureRow> {
  return q.insertInto('signatures').values(s).returningAll().executeTakeFirstOrThrow()
}

/** The signatures of one record, oldest first, each with its signer's name. */
export async function signaturesOf(
  q: Queries,
  kind: string,
  recordId: string
): Promise<(SignatureRow & { user: string; role: string })[]> {
  return q
    .selectFrom('signatures as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select(['u.name as user', 'u.role as role'])
    .where('s.kind', '=', kind)
    .where('s.record_id', '=', recordId)
    .orderBy('s.id')
    .execute()
}
