/**
 * Who works in this session, and what they sign. With the workstation's own SQLite file nobody signs in: the
 * reviewer name of the settings stands for the person, as before, and every call answers. With a lab's shared
 * PostgreSQL database a person signs in with name and password; until then only the `session:*` calls answer.
 * The signed-in person lives in the session's state, so a second window (another session) signs in on its own.
 */
import type { CallRequest } from '../../shared/contract'
import type { PersonView, StoreView } from '../../shared/calls/people'
import type { ServiceContext } from './context'
import { checkSignIn } from './people-backend'

const PERSON = 'people.person'

export class SignInRequiredError extends Error {
  override name = 'SignInRequiredError'
}

/** The calls that answer before anyone signs in: who is there, and signing in or out. */
export const OPEN_CALLS: ReadonlySet<string> = new Set(['session:who', 'session:signIn', 'session:signOut'])

/** Whether this session's store asks people to sign in: a shared database does, the workstation's file does not. */
export function signInRequired(ctx: ServiceContext): boolean {
  return ctx.store.engine === 'postgres'
}

export function signedInPerson(ctx: ServiceContext): PersonView | null {
  return ctx.state.get<PersonView>(PERSON) ?? null
}

export function storeView(ctx: ServiceContext): StoreView {
  return {
    engine: ctx.store.engine,
    place: ctx.store.place,
    signInRequired: signInRequired(ctx),
    person: signedInPerson(ctx)
  }
}

/** Refuses every call but the open ones while a shared database has nobody signed in. */
export function requireSignIn(ctx: ServiceContext, call: string): void {
  if (OPEN_CALLS.has(call) || !signInRequired(ctx) || signedInPerson(ctx)) return
  throw new SignInRequiredError(`sign in first: ${ctx.store.place} is a shared database`)
}

export async function signIn(ctx: ServiceContext, req: CallRequest<'session:signIn'>): Promise<StoreView> {
  if (!signInRequired(ctx))
    throw new SignInRequiredError(
      `nobody signs in to this workstation's own database (${ctx.store.place}); the reviewer name in Settings is used`
    )
  // A failed try leaves nobody signed in: the person before it is signed out first.
  ctx.state.delete(PERSON)
  ctx.state.set<PersonView>(PERSON, await checkSignIn(ctx.store, req.name.trim(), req.password))
  return storeView(ctx)
}

export function signOut(ctx: ServiceContext): StoreView {
  ctx.state.delete(PERSON)
  return storeView(ctx)
}

/** The name reviews are recorded under when someone is signed in (else the reviewer setting applies). */
export function signedInName(ctx: ServiceContext): string | undefined {
  return signedInPerson(ctx)?.name
}
