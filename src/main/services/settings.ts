import {
  deleteSetting,
  FLAG_THRESHOLD_KEY,
  getFlagThreshold,
  getMaxPixels,
  getSetting,
  getUnfamiliarLimit,
  MAX_MEGAPIXELS_KEY,
  setFlagThreshold,
  setMaxMegapixels,
  setSetting,
  setUnfamiliarLimit,
  UNFAMILIAR_LIMIT_KEY
} from '../core/scan/settings'
import type { BackendChoice, CallRequest, SettingName, Settings, ThemeChoice } from '../../shared/contract'
import { getModel } from '../core/engine/models/registry'
import type { Database } from '../core/db/database'
import type { ServiceContext } from './context'
import type { EngineConfig } from '../core/engine/runners'
import {
  forcedBackend,
  parseBackend,
  resolveConfig,
  reviewThresholdFor,
  type Config,
  type ConfigSource,
  type StoredConfig
} from './config'
import { clearDataFolderChoice, readDataFolderChoice, writeDataFolderChoice } from './data-folder'
import { clearDatabaseChoice, readDatabaseChoice, writeDatabaseChoice } from './database-choice'
import { PostgresUrl } from '../core/server/url'

const BACKEND_KEY = 'engine.backend'
const REVIEWER_KEY = 'review.reviewer'
const THEME_KEY = 'ui.theme'

/** The stored settings that take part in the configuration (config.ts): each undefined when never set. */
export function storedConfig(db: Database): StoredConfig {
  const backend = getSetting(db, BACKEND_KEY)
  return {
    backend: backend === undefined ? undefined : parseBackend(backend, `setting ${BACKEND_KEY}`),
    reviewer: getSetting(db, REVIEWER_KEY),
    reviewThreshold: getSetting(db, FLAG_THRESHOLD_KEY) === undefined ? undefined : getFlagThreshold(db),
    modelReviewThreshold: activeModelThreshold(db)
  }
}

/** The active model version's own review threshold; undefined without an active version or one without it. */
function activeModelThreshold(db: Database): number | undefined {
  try {
    return getModel(db).trust?.flag.threshold
  } catch {
    return undefined
  }
}

/** The configuration in force for this session: flags and environment over the stored settings, read now. */
export function config(ctx: ServiceContext): Config {
  return resolveConfig(ctx.edge, storedConfig(ctx.db))
}

/** The review threshold a scan with this model version flags at (config.ts: reviewThresholdFor). */
export function scanReviewThreshold(
  ctx: ServiceContext,
  model: { trust?: { flagThreshold: number } }
): number {
  return reviewThresholdFor(config(ctx), model.trust?.flagThreshold).value
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
  const threshold = resolveConfig(
    { values: {}, sources: {}, defaultDataDir: ctx.edge.defaultDataDir },
    stored
  )
  return {
    dataDir: ctx.dirs.root,
    nextDataDir: next && next !== ctx.dirs.root ? next : undefined,
    backend: stored.backend ?? 'auto',
    reviewThreshold: threshold.reviewThreshold,
    reviewThresholdFrom: threshold.sources.reviewThreshold as Settings['reviewThresholdFrom'],
    // No default: the window asks for a name before the first review (the command line falls back to the login).
    reviewer: stored.reviewer ?? '',
    theme: (getSetting(ctx.db, THEME_KEY) as ThemeChoice | undefined) ?? 'system',
    maxMegapixels: getMaxPixels(ctx.db) / 1e6,
    unfamiliarLimit: getUnfamiliarLimit(ctx.db),
    databaseUrl: readDatabaseChoice(ctx.dirs.root)?.masked
  }
}

/** Where the value in force of each setting comes from (`leukolens settings`): flag, variable, stored, model, default. */
export function settingSources(ctx: ServiceContext): Record<SettingName | 'dataDir', ConfigSource> {
  const c = config(ctx)
  const stored = (name: 'theme' | 'maxMegapixels' | 'unfamiliarLimit'): ConfigSource =>
    getSetting(ctx.db, KEY_OF[name]) === undefined ? 'default' : 'setting'
  return {
    dataDir: c.sources.dataDir,
    nextDataDir: readDataFolderChoice(ctx.edge.defaultDataDir) ? 'setting' : 'default',
    backend: c.sources.backend,
    reviewThreshold: c.sources.reviewThreshold,
    reviewer: c.sources.reviewer,
    theme: stored('theme'),
    maxMegapixels: stored('maxMegapixels'),
    unfamiliarLimit: stored('unfamiliarLimit'),
    databaseUrl: c.sources.databaseUrl
  }
}

/**
 * The database key of each stored setting (the data folder and the shared database are files read before any
 * database opens: data-folder.ts, database-choice.ts).
 */
const KEY_OF: Record<Exclude<SettingName, 'nextDataDir' | 'databaseUrl'>, string> = {
  backend: BACKEND_KEY,
  reviewThreshold: FLAG_THRESHOLD_KEY,
  reviewer: REVIEWER_KEY,
  theme: THEME_KEY,
  maxMegapixels: MAX_MEGAPIXELS_KEY,
  unfamiliarLimit: UNFAMILIAR_LIMIT_KEY
}

export function updateSettings(ctx: ServiceContext, patch: CallRequest<'settings:set'>): Settings {
  for (const name of patch.unset ?? [])
    if (name === 'nextDataDir') clearDataFolderChoice(ctx.edge.defaultDataDir)
    else if (name === 'databaseUrl') clearDatabaseChoice(ctx.dirs.root)
    else deleteSetting(ctx.db, KEY_OF[name])
  if (patch.reviewThreshold !== undefined) setFlagThreshold(ctx.db, patch.reviewThreshold)
  if (patch.backend !== undefined)
    setSetting(ctx.db, BACKEND_KEY, parseBackend(patch.backend, 'backend') satisfies BackendChoice)
  if (patch.reviewer !== undefined) setSetting(ctx.db, REVIEWER_KEY, patch.reviewer.trim())
  if (patch.theme !== undefined) setSetting(ctx.db, THEME_KEY, patch.theme)
  if (patch.maxMegapixels !== undefined) setMaxMegapixels(ctx.db, patch.maxMegapixels)
  if (patch.unfamiliarLimit !== undefined) setUnfamiliarLimit(ctx.db, patch.unfamiliarLimit)
  if (patch.databaseUrl !== undefined)
    writeDatabaseChoice(ctx.dirs.root, PostgresUrl.parse(patch.databaseUrl, 'databaseUrl'))
  // The pointer file sits in the default folder, where every start looks before opening a database.
  if (patch.nextDataDir !== undefined) writeDataFolderChoice(ctx.edge.defaultDataDir, patch.nextDataDir)
  return getSettings(ctx)
}
