import {
  FLAG_THRESHOLD_KEY,
  getFlagThreshold,
  getMaxPixels,
  getSetting,
  getUnfamiliarLimit,
  setFlagThreshold,
  setMaxMegapixels,
  setSetting,
  setUnfamiliarLimit
} from '../core/scan/settings'
import type { BackendChoice, Settings, ThemeChoice } from '../../shared/contract'
import type { Database } from '../core/db/database'
import type { ServiceContext } from './context'
import type { EngineConfig } from '../core/engine/runners'
import { forcedBackend, parseBackend, resolveConfig, type Config, type StoredConfig } from './config'
import { readDataFolderChoice, writeDataFolderChoice } from './data-folder'

const BACKEND_KEY = 'engine.backend'
const REVIEWER_KEY = 'review.reviewer'
const THEME_KEY = 'ui.theme'

/** The stored settings that take part in the configuration (config.ts): each undefined when never set. */
export function storedConfig(db: Database): StoredConfig {
  const backend = getSetting(db, BACKEND_KEY)
  return {
    backend: backend === undefined ? undefined : parseBackend(backend, `setting ${BACKEND_KEY}`),
    reviewer: getSetting(db, REVIEWER_KEY),
    reviewThreshold: getSetting(db, FLAG_THRESHOLD_KEY) === undefined ? undefined : getFlagThreshold(db)
  }
}

/** The configuration in force for this session: flags and environment over the stored settings, read now. */
export function config(ctx: ServiceContext): Config {
  return resolveConfig(ctx.edge, storedConfig(ctx.db))
}

/**
 * The review threshold when someone chose one (flag, environment or setting); undefined by default, so that a
 * model version's validation-chosen operating point applies (issue 11), else the built-in 0.80.
 */
export function reviewThresholdOverride(ctx: ServiceContext): number | undefined {
  const c = config(ctx)
  return c.sources.reviewThreshold === 'default' ? undefined : c.reviewThreshold
}

/** The part of the configuration the engine takes: the forced backend (none for auto), ONNX provider, workers. */
export function engineConfig(ctx: ServiceContext): EngineConfig {
  const c = config(ctx)
  return { backend: forcedBackend(c), onnxProvider: c.onnxProvider, workers: c.workers }
}

/**
 * The stored settings as the Settings screen edits them (the flag threshold is the scan module's own key). A flag
 * or environment variable can override one for a process: `config(ctx)` is what is in force.
 */
export function getSettings(ctx: ServiceContext): Settings {
  const next = readDataFolderChoice(ctx.edge.defaultDataDir)
  const stored = storedConfig(ctx.db)
  return {
    dataDir: ctx.dirs.root,
    nextDataDir: next && next !== ctx.dirs.root ? next : undefined,
    backend: stored.backend ?? 'auto',
    reviewThreshold: getFlagThreshold(ctx.db),
    // No default: the window asks for a name before the first review (the command line falls back to the login).
    reviewer: stored.reviewer ?? '',
    theme: (getSetting(ctx.db, THEME_KEY) as ThemeChoice | undefined) ?? 'system',
    maxMegapixels: getMaxPixels(ctx.db) / 1e6,
    unfamiliarLimit: getUnfamiliarLimit(ctx.db)
  }
}

export function updateSettings(ctx: ServiceContext, patch: Partial<Omit<Settings, 'dataDir'>>): Settings {
  if (patch.reviewThreshold !== undefined) setFlagThreshold(ctx.db, patch.reviewThreshold)
  if (patch.backend !== undefined)
    setSetting(ctx.db, BACKEND_KEY, parseBackend(patch.backend, 'backend') satisfies BackendChoice)
  if (patch.reviewer !== undefined) setSetting(ctx.db, REVIEWER_KEY, patch.reviewer.trim())
  if (patch.theme !== undefined) setSetting(ctx.db, THEME_KEY, patch.theme)
  if (patch.maxMegapixels !== undefined) setMaxMegapixels(ctx.db, patch.maxMegapixels)
  if (patch.unfamiliarLimit !== undefined) setUnfamiliarLimit(ctx.db, patch.unfamiliarLimit)
  // The pointer file sits in the default folder, where every start looks before opening a database.
  if (patch.nextDataDir !== undefined) writeDataFolderChoice(ctx.edge.defaultDataDir, patch.nextDataDir)
  return getSettings(ctx)
}
