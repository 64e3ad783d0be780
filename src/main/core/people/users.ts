/**
 * The people of a lab: named users, each with one role, signing in with a password (core/people/password.ts).
 * What each role may do is one table (shared/roles.ts); the services ask it before they act (services/people.ts).
 */
import { ROLES, type Role } from '../../../shared/roles'
import {
  countUsers,
  insertUser,
  setUserDisabled,
  userByName,
  userRows,
  type UserRow
} from '../db/queries/users'
import { lockFor, write, type Store } from '../db/store'
import { hashPassword, SCRYPT_PARAMS, verifyPassword, type PasswordHash } from './password'

// What each role may do is one table, in shared/roles.ts (the window reads it too).
export { ROLES, ROLE_ACTIONS, mayDo, rolesFor, type Action, type Role } from '../../../shared/roles'

export interface User {
  id: number
  name: string
  role: Role
  createdAt: string
  disabled: boolean
}

/** A name, role or password that cannot be stored; nothing was written. */
export class UserError extends Error {
  override name = 'UserError'
}

/** A sign-in refused (no such user, a wrong password, a disabled user): nothing was done. */
export class SignInError extends Error {
  override name = 'SignInError'
}

const MIN_PASSWORD = 8
const USERS_LOCK = 'users'

/** What an unknown name is checked against (no password derives to 64 zero bytes). */
const NOBODY: PasswordHash = {
  hash: '00'.repeat(SCRYPT_PARAMS.keylen),
  salt: '00'.repeat(16),
  params: SCRYPT_PARAMS
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  createdAt: r.created_at,
  disabled: r.disabled === 1
})

const storedHash = (r: UserRow): PasswordHash => ({
  hash: r.password_hash,
  salt: r.password_salt,
  params: JSON.parse(r.password_params) as PasswordHash['params']
})

export function parseRole(text: string): Role {
  const role = text.trim().toLowerCase()
  if (!(ROLES as readonly string[]).includes(role))
    throw new UserError(`"${text}" is not a role: use one of ${ROLES.join(', ')}`)
  return role as Role
}

function checkName(name: string): string {
  const n = name.trim()
  // Names go into the audit log and onto printed signatures: plain text on one line.
  if (!n || n.length > 64 || /\p{Cc}/u.test(n))
    throw new UserError(`"${name}" cannot be a user name: 1 to 64 characters on one line`)
  return n
}

function checkPassword(name: string, password: string): void {
  if ([...password].length < MIN_PASSWORD)
    throw new UserError(`the password for ${name} is too short: use at least ${MIN_PASSWORD} characters`)
}

/** Adds a user; the name must be new (in any case). */
export async function addUser(
  store: Store,
  u: { name: string; role: Role; password: string },
  opts: { onlyIfFirst?: boolean } = {}
): Promise<User> {
  const name = checkName(u.name)
  checkPassword(name, u.password)
  // Hashed before the write transaction: inside it only queries are awaited.
  const h = await hashPassword(u.password)
  return write(store, async (trx) => {
    await lockFor(store, trx, USERS_LOCK)
    if (opts.onlyIfFirst && (await countUsers(trx)) > 0)
      throw new UserError(
        'this database has users already: an admin adds more with `leukolens users add NAME --role ROLE`'
      )
    const same = await userByName(trx, name)
    if (same) throw new UserError(`a user named ${same.name} exists already`)
    const row = await insertUser(trx, {
      name,
      role: u.role,
      password_hash: h.hash,
      password_salt: h.salt,
      password_params: JSON.stringify(h.params),
      created_at: new Date().toISOString()
    })
    return toUser(row)
  })
}

/**
 * The first admin of a new lab database (`server start --admin NAME`); refused once the database has any user, so
 * a second start cannot mint another admin.
 */
export function createFirstAdmin(store: Store, name: string, password: string): Promise<User> {
  return addUser(store, { name, role: 'admin', password }, { onlyIfFirst: true })
}

export async function listUsers(store: Store): Promise<User[]> {
  return (await userRows(store.k)).map(toUser)
}

/** Whether anyone is defined: a workstation without users works as before, under the default reviewer name. */
export async function hasUsers(store: Store): Promise<boolean> {
  return (await countUsers(store.k)) > 0
}

/** A disabled user cannot sign in; their name stays on everything they did and signed. */
export async function disableUser(store: Store, name: string): Promise<User> {
  const user = await userByName(store.k, name)
  if (!user) throw new UserError(`there is no user named ${name} (see \`leukolens users list\`)`)
  await setUserDisabled(store.k, user.id, true)
  return { ...toUser(user), disabled: true }
}

/** The user `name` when `password` is theirs and they are not disabled; else a SignInError saying why. */
export async function authenticate(store: Store, name: string, password: string): Promise<User> {
  const row = await userByName(store.k, name.trim())
  // An unknown name costs the same check as a known one: the time taken does not say who exists.
  const ok = await verifyPassword(password, row ? storedHash(row) : NOBODY)

  if (!row || !ok) throw new SignInError(`wrong user name or password for "${name.trim()}": nothing was done`)
  if (row.disabled) throw new SignInError(`${row.name} is disabled: ask an admin; nothing was done`)
  return toUser(row)
}
