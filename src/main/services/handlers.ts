import type { Handlers } from './dispatch'
import { getSettings, updateSettings } from './settings'
import { appInfo, homeSummary, backendView } from './app'
import { domainHandlers } from './domains'
import type { PathGuard } from './path-guard'

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
  'job:cancel': async ({ jobId }, ctx) => ctx.jobs.cancel(jobId)
} satisfies Partial<Handlers>

export function createHandlers(guard: PathGuard): Handlers {
  return { ...base, ...domainHandlers(guard) }
}
