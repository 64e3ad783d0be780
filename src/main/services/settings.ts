import { getFlagThreshold, getSetting, setFlagThreshold, setSetting } from '../core/scan/settings'
import { defaultDataRoot } from '../core/paths'
import type { BackendChoice, Settings, ThemeChoice } from '../../shared/contract'
import type { ServiceContext } from './context'
import { readDataFolderChoice, writeDataFolderChoice } from './data-folder'

const BACKEND_KEY = 'engine.backend'
const REVIEWER_KEY = 'review.reviewer'
const THEME_KEY = 'ui.theme'

/** Settings live in the database's key-value table (the flag threshold is the scan module's own key). */
export function getSettings(ctx: ServiceContext): Settings {
  const next = readDataFolderChoice(defaultDataRoot())
  return {
    dataDir: ctx.dirs.root,
    nextDataDir: next && next !== ctx.dirs.root ? next : undefined,
    backend: (getSetting(ctx.db, BACKEND_KEY) as BackendChoice | undefined) ?? 'auto',
    reviewThreshold: getFlagThreshold(ctx.db),
    reviewer: getSetting(ctx.db, REVIEWER_KEY) ?? '',
    theme: (getSetting(ctx.db, THEME_KEY) as ThemeChoice | undefined) ?? 'system'
  }
}

export function updateSettings(ctx: ServiceContext, patch: Partial<Omit<Settings, 'dataDir'>>): Settings {
  if (patch.reviewThreshold !== undefined) setFlagThreshold(ctx.db, patch.reviewThreshold)
  if (patch.backend !== undefined) setSetting(ctx.db, BACKEND_KEY, patch.backend)
  if (patch.reviewer !== undefined) setSetting(ctx.db, REVIEWER_KEY, patch.reviewer.trim())
  if (patch.theme !== undefined) setSetting(ctx.db, THEME_KEY, patch.theme)
  if (patch.nextDataDir !== undefined) writeDataFolderChoice(defaultDataRoot(), patch.nextDataDir)
  return getSettings(ctx)
}
