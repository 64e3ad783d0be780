import type { CallName } from '../../shared/contract'
import type { ServiceContext } from './context'
import type { Handlers } from './dispatch'
import { getSettings, updateSettings } from './settings'
import { appInfo, homeSummary, backendView } from './app'
import { domainHandlers } from './domains'
import type { PathGuard } from './path-guard'
import { storeView } from './people'
import { gateCall, signInCall, signOutCall } from './session-calls'

/**
 * Every call of the contract mapped to its service; the `Handlers` type makes a missing call a compile error.
 */
const base = {
  'app:info': async (_a, ctx) => appInfo(ctx),
  'app:home': async (_a, ctx) => homeSummary(ctx),
  'doctor:backend': async (_a, ctx) => backendView(ctx),
  'settings:get': async (_a, ctx) => getSettings(ctx),
  'settings:set': async (patch, ctx) => updateSettings(ctx, patch),
  'dialog:open': async (req, ctx) => ctx.dialogs.open(req),
  // The dialog's path stays in main; the window gets a one-time token for it (save-targets.ts).
  'dialog:save': async (req, ctx) => {
    const file = await ctx.dialogs.save(req)
    return file === null ? null : { saveToken: ctx.saveTargets.issue(file) }
  },
  'job:cancel': async ({ jobId }, ctx) => ctx.jobs.cancel(jobId),
  'session:who': async (_a, ctx) => storeView(ctx),
  'session:signIn': async (req, ctx) => signInCall(ctx, req),
  'session:signOut': async (_a, ctx) => signOutCall(ctx)
} satisfies Partial<Handlers>

/**
 * Every handler, each behind the sign-in a shared database asks for and the role its call needs
 * (session-calls.ts gateCall: only the open calls before signing in; shared/calls/gates.ts: the roles).
 */
export function createHandlers(guard: PathGuard): Handlers {
  const all: Handlers = { ...base, ...domainHandlers(guard) }
  const gated = Object.entries(all).map(([name, handler]) => {
    const h = handler as (a: unknown, ctx: ServiceContext) => Promise<unknown>
    const call = name as CallName
    return [
      call,
      async (a: unknown, ctx: ServiceContext) => (await gateCall(ctx, call, a as never), h(a, ctx))
    ]
  })
  return Object.fromEntries(gated) as Handlers
}
