/**
 * Who works in this session, and what their role lets them do. A workstation with its own SQLite file and no users
 * works as before: nobody signs in, the reviewer name of the settings goes into the log. With a shared PostgreSQL
 * database, or once users are defined, each call that changes records needs a signed-in person whose role allows it
 * (core/people/users.ts has the table) — checked here, in the service layer, so every edge (window, command line,
 * worker) is held to it.
 */
import type { z } from 'zod'
import type { SignatureView, StoreView } from '../../shared/calls/people'
import { ACTION_WORDS, refusal } from '../../shared/roles'
import {
  addUser,
  authenticate,
  disableUser,
  hasUsers,
  listUsers,
  mayDo,
  type Action,
  type Role,
  type User
} from '../core/people/users'
import { signRecord, signaturesOfRecord, type Meaning, type Signature } from '../core/people/signatures'
import type { ServiceContext } from './context'

const PERSON = 'people:person'
const CREDENTIALS = 'people:credentials'

/** A name given at the edge (`--user`, LEUKOLENS_USER) and how to get its password when it is first needed. */
export interface Credentials {
  name: string
  password: () => Promise<string>
}

/** A call refused for want of a signed-in person, or of the role it needs. */
export class PermissionError extends Error {
  override name = 'PermissionError'
}

/** The edge names who works: checked against the store the first time a call needs a person. */
export function offerCredentials(ctx: ServiceContext, credentials: Credentials): void {
  ctx.state.delete(PERSON)
  ctx.state.set(CREDENTIALS, credentials)
}

/** Signs in (a wrong password is a SignInError, one sentence, and nobody is signed in). */
export async function signIn(ctx: ServiceContext, name: string, password: string): Promise<User> {
  ctx.state.delete(PERSON)
  return ctx.state.set(PERSON, await authenticate(ctx.store, name, password))
}

export function signOut(ctx: ServiceContext): void {
  ctx.state.delete(PERSON)
  ctx.state.delete(CREDENTIALS)
}

/** The signed-in person: signing in with the edge's credentials first when some wait (once: a refusal stays one). */
export async function signedIn(ctx: ServiceContext): Promise<User | undefined> {
  const person = ctx.state.get<User>(PERSON)
  if (person) return person
  const c = ctx.state.get<Credentials>(CREDENTIALS)
  if (!c) return undefined
  ctx.state.delete(CREDENTIALS)
  return signIn(ctx, c.name, await c.password())
}

/** Whether calls need a signed-in person: with a shared database, or where users are defined. */
export async function signInRequired(ctx: ServiceContext): Promise<boolean> {
  return ctx.store.engine === 'postgres' || (await hasUsers(ctx.store))
}

/**
 * The person allowed to do `action`; undefined where nobody signs in (a workstation without users, as before).
 * Refuses, in one sentence, a call without a signed-in person where one is needed, or by a role that may not;
 * `what` says what was tried when the action's own word is too broad ("delete a dataset" for import).
 */
export async function requireRole(
  ctx: ServiceContext,
  action: Action,
  what: string = ACTION_WORDS[action]
): Promise<User | undefined> {
  const person = await signedIn(ctx)
  if (!person) {
    if (!(await signInRequired(ctx))) return undefined
    throw new PermissionError(
      `sign in to ${what}: name yourself with --user NAME or LEUKOLENS_USER (the password from LEUKOLENS_PASSWORD or the prompt)`
    )
  }
  if (!mayDo(person.role, action)) throw new PermissionError(refusal(person, action, what))
  return person
}

/** Where this session keeps its records, and who works in it (`session:who`). */
export async function storeView(ctx: ServiceContext): Promise<z.infer<typeof StoreView>> {
  const person = ctx.state.get<User>(PERSON)
  return {
    engine: ctx.store.engine,
    place: ctx.store.place,
    signInRequired: await signInRequired(ctx),
    person: person ? { name: person.name, role: person.role } : null
  }
}

/**
 * Adds a user. The first user of a database must be an admin (who then adds the others); after that only an admin
 * adds users.
 */
export async function addUserAs(
  ctx: ServiceContext,
  u: { name: string; role: Role; password: string }
): Promise<User> {
  if (!(await hasUsers(ctx.store))) {
    if (u.role !== 'admin')
      throw new PermissionError(
        `the first user must be an admin, who then adds the others: \`leukolens users add ${u.name} --role admin\``
      )
    return addUser(ctx.store, u, { onlyIfFirst: true })
  }
  await requireRole(ctx, 'users')
  return addUser(ctx.store, u)
}

export async function listUsersAs(ctx: ServiceContext): Promise<User[]> {
  // Nobody to list, nothing to hide: the answer that says how to add the first.
  if (!(await hasUsers(ctx.store))) return []
  await requireRole(ctx, 'users')
  return listUsers(ctx.store)
}

export async function disableUserAs(ctx: ServiceContext, name: string): Promise<User> {
  const admin = await requireRole(ctx, 'users')
  if (admin && admin.name.toLowerCase() === name.trim().toLowerCase())
    throw new PermissionError(`${admin.name} cannot disable themselves: another admin can`)
  return disableUser(ctx.store, name)
}

const toView = (s: Signature): z.infer<typeof SignatureView> => ({
  id: s.id,
  person: s.user,
  role: s.role,
  meaning: s.meaning,
  kind: s.kind,
  recordId: s.recordId,
  contentSha256: s.contentSha256,
  at: s.createdAt
})

/** The signed-in person, when their role may sign; a workstation without users has nobody who could. */
export async function signer(ctx: ServiceContext): Promise<User> {
  const person = await requireRole(ctx, 'sign')
  if (!person)
    throw new PermissionError(
      'an electronic signature needs a user with a password: an admin adds one with `leukolens users add NAME --role reviewer`'
    )
  return person
}

/**
 * An electronic signature by the signed-in person, who gives the password again (core/people/signatures.ts). A
 * workstation without users has nobody who could sign: it is told how to add one.
 */
export async function signAs(
  ctx: ServiceContext,
  req: { kind: string; recordId: string; meaning: Meaning; password: string; contentSha256: string }
): Promise<z.infer<typeof SignatureView>> {
  const person = await signer(ctx)
  const s = await signRecord(ctx.store, {
    user: person.name,
    password: req.password,
    meaning: req.meaning,
    kind: req.kind,
    id: req.recordId,
    contentSha256: req.contentSha256
  })
  return toView(s)
}

/** The signatures of one record, oldest first, each with the signer's role. */
export async function signaturesAs(
  ctx: ServiceContext,
  kind: string,
  recordId: string
): Promise<z.infer<typeof SignatureView>[]> {
  return (await signaturesOfRecord(ctx.store, kind, recordId)).map(toView)
}
