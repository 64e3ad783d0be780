/**
 * The window's side of who works (people.ts has the people): `session:*` answers, and the gate that keeps the
 * calls on the lab's records shut on a shared database while nobody is signed in — a window shows its sign-in
 * screen instead of screens that would each fail. The command line names its person with --user (people.ts offerCredentials),
 * signed in here on the first call that passes the gate.
 */
import type { CallName, CallRequest } from '../../shared/contract'
import { gateOf } from '../../shared/calls/gates'
import type { StoreView } from '../../shared/calls/people'
import type { ServiceContext } from './context'
import { PermissionError, requireRole, signIn, signInRequired, signOut, signedIn, storeView } from './people'

/**
 * The calls that answer before anyone signs in: who is there, signing in or out, and what only concerns this
 * workstation (its settings — the shared database's URL among them, so a wrong one can be undone —, the app's
 * version, the compute backend, native dialogs). Everything that reads or writes the lab's records waits.
 */
export const OPEN_CALLS: ReadonlySet<string> = new Set([
  'session:who',
  'session:signIn',
  'session:signOut',
  'settings:get',
  'settings:set',
  'app:info',
  'doctor:backend',
  'dialog:open',
  'dialog:save',
  'job:cancel'
])

/**
 * On a shared database, refuses every call but the open ones while nobody is signed in. A workstation that defines
 * users keeps its reads open at the command line (people.ts checks the role of each change); its window shows the
 * sign-in screen all the same (`session:who` says sign-in is required).
 */
export async function requireSignIn(ctx: ServiceContext, call: string): Promise<void> {
  if (OPEN_CALLS.has(call) || ctx.store.engine !== 'postgres' || (await signedIn(ctx))) return
  throw new PermissionError(`sign in first: ${ctx.store.place} is a shared database`)
}

/**
 * Everything a call needs before its service runs: the sign-in a shared database asks for, then the role its gate
 * names (shared/calls/gates.ts), judged on the checked argument. The dispatcher runs it for every call; a command
 * that calls a service itself runs it with the call it stands for.
 */
export async function gateCall<K extends CallName>(
  ctx: ServiceContext,
  call: K,
  req?: CallRequest<K>,
  what?: string
): Promise<void> {
  await requireSignIn(ctx, call)
  const gate = gateOf(call, req)
  if (gate) await requireRole(ctx, gate.action, what ?? gate.what)
}

export async function signInCall(
  ctx: ServiceContext,
  req: CallRequest<'session:signIn'>
): Promise<StoreView> {
  if (!(await signInRequired(ctx)))
    throw new PermissionError(
      `nobody signs in to this workstation's own database (${ctx.store.place}); the reviewer name in Settings is used`
    )
  await signIn(ctx, req.name.trim(), req.password)
  return storeView(ctx)
}

export async function signOutCall(ctx: ServiceContext): Promise<StoreView> {
  signOut(ctx)
  return storeView(ctx)
}
