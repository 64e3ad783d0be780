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
import { workstationStore } from './workstation-store'
import type { BackendChoice, CallRequest, SettingName, Settings, ThemeChoice } from '../../shared/contract'
import { getModel } from '../core/engine/models/registry'
import type { Store } from '../core/db/store'
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
import { DIFFERENTIAL_TARGET_KEY, getDifferentialTarget, setDifferentialTarget } from '../core/samples/target'
import { getQcEveryHours, QC_EVERY_HOURS_KEY, setQcEveryHours } from '../core/qc/schedule'
import { clearDataFolderChoice, readDataFolderChoice, writeDataFolderChoice } from './data-folder'
import { clearDatabaseChoice, readDatabaseChoice, writeDatabaseChoice } from './database-choice'
import { PostgresUrl } from '../core/server/url'

const BACKEND_KEY = 'engine.backend'
const REVIEWER_KEY = 'review.reviewer'
const THEME_KEY = 'ui.theme'

/** The stored settings that take part in the configuration (config.ts): each undefined when never set. */
export async function storedConfig(
  ctx: Pick<ServiceContext, 'db' | 'store' | 'state'>
): Promise<StoredConfig> {
  const { store } = ctx
  const q = workstationStore(ctx).k
  const backend = await getSetting(q, BACKEND_KEY)
  return {
    backend: backend === undefined ? undefined : parseBackend(backend, `setting ${BACKEND_KEY}`),
    reviewer: await getSetting(q, REVIEWER_KEY),
    reviewThreshold:
      (await getSetting(q, FLAG_THRESHOLD_KEY)) === undefined ? undefined : await getFlagThreshold(q),
    modelReviewThreshold: await activeModelThreshold(store)
  }
}

/** The active model version's own review threshold; undefined without an active version or one without it. */
async function activeModelThreshold(store: Store): Promise<number | undefined> {
  try {
    return (await getModel(store)).trust?.flag.threshold
  } catch {
    return undefined
  }
}

/** The configuration in force for this session: flags and environment over the stored settings, read now. */
export async function config(ctx: ServiceContext): Promise<Config> {
  return resolveConfig(ctx.edge, await storedConfig(ctx))
}

/** The review threshold a scan with this model version flags at (config.ts: reviewThresholdFor). */
export async function scanReviewThreshold(
  ctx: ServiceContext,
  model: { trust?: { flagThreshold: number } }
): Promise<number> {
  return reviewThresholdFor(await config(ctx), model.trust?.flagThreshold).value
}

/** The part of the configuration the engine takes: the forced backend (none for auto), ONNX provider, workers. */
export async function engineConfig(ctx: ServiceContext): Promise<EngineConfig> {
  const c = await config(ctx)
  return { backend: forcedBackend(c), onnxProvider: c.onnxProvider, workers: c.workers }
}

/**
 * The stored settings as the Settings screen edits them (the flag threshold is the scan module's own key). A flag
 * or environment variable can override one for a process: `config(ctx)` is what is in force.
 */
export async function getSettings(ctx: ServiceContext): Promise<Settings> {
  const next = readDataFolderChoice(ctx.edge.defaultDataDir)
  const stored = await storedConfig(ctx)
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
    theme: ((await getSetting(workstationStore(ctx).k, THEME_KEY)) as ThemeChoice | undefined) ?? 'system',
    maxMegapixels: (await getMaxPixels(workstationStore(ctx).k)) / 1e6,
    unfamiliarLimit: await getUnfamiliarLimit(workstationStore(ctx).k),
    differentialTarget: await getDifferentialTarget(workstationStore(ctx).k),
    qcEveryHours: await getQcEveryHours(workstationStore(ctx).k),
    databaseUrl: readDatabaseChoice(ctx.dirs.root)?.masked
  }
}

/** Where the value in force of each setting comes from (`leukolens settings`): flag, variable, stored, model, default. */
export async function settingSources(
  ctx: ServiceContext
): Promise<Record<SettingName | 'dataDir', ConfigSource>> {
  const c = await config(ctx)
  const isSet = async (name: StoredOnly): Promise<boolean> =>
    (await getSetting(workstationStore(ctx).k, KEY_OF[name])) !== undefined
  const stored = {
    theme: await isSet('theme'),
    maxMegapixels: await isSet('maxMegapixels'),
    unfamiliarLimit: await isSet('unfamiliarLimit'),
    differentialTarget: await isSet('differentialTarget'),
    qcEveryHours: await isSet('qcEveryHours')
  }
  const source = (name: StoredOnly): ConfigSource => (stored[name] ? 'setting' : 'default')
  return {
    dataDir: c.sources.dataDir,
    nextDataDir: readDataFolderChoice(ctx.edge.defaultDataDir) ? 'setting' : 'default',
    backend: c.sources.backend,
    reviewThreshold: c.sources.reviewThreshold,
    reviewer: c.sources.reviewer,
    theme: source('theme'),
    maxMegapixels: source('maxMegapixels'),
    unfamiliarLimit: source('unfamiliarLimit'),
    differentialTarget: source('differentialTarget'),
    qcEveryHours: source('qcEveryHours'),
    databaseUrl: c.sources.databaseUrl
  }
}

/** The settings with no flag or variable: their value is the stored one or the default. */
type StoredOnly = 'theme' | 'maxMegapixels' | 'unfamiliarLimit' | 'differentialTarget' | 'qcEveryHours'

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
  unfamiliarLimit: UNFAMILIAR_LIMIT_KEY,
  differentialTarget: DIFFERENTIAL_TARGET_KEY,
  qcEveryHours: QC_EVERY_HOURS_KEY
}

export async function updateSettings(
  ctx: ServiceContext,
  patch: CallRequest<'settings:set'>
): Promise<Settings> {
  const q = workstationStore(ctx).k
  for (const name of patch.unset ?? [])
    if (name === 'nextDataDir') clearDataFolderChoice(ctx.edge.defaultDataDir)
    else if (name === 'databaseUrl') clearDatabaseChoice(ctx.dirs.root)
    else await deleteSetting(q, KEY_OF[name])
  if (patch.reviewThreshold !== undefined) await setFlagThreshold(q, patch.reviewThreshold)
  if (patch.backend !== undefined)
    await setSetting(q, BACKEND_KEY, parseBackend(patch.backend, 'backend') satisfies BackendChoice)
  if (patch.reviewer !== undefined) await setSetting(q, REVIEWER_KEY, patch.reviewer.trim())
  if (patch.theme !== undefined) await setSetting(q, THEME_KEY, patch.theme)
  if (patch.maxMegapixels !== undefined) await setMaxMegapixels(q, patch.maxMegapixels)
  if (patch.unfamiliarLimit !== undefined) await setUnfamiliarLimit(q, patch.unfamiliarLimit)
  if (patch.differentialTarget !== undefined) await setDifferentialTarget(q, patch.differentialTarget)
  if (patch.qcEveryHours !== undefined) await setQcEveryHours(q, patch.qcEveryHours)
  if (patch.databaseUrl !== undefined)
    writeDatabaseChoice(ctx.dirs.root, PostgresUrl.parse(patch.databaseUrl, 'databaseUrl'))
  // The pointer file sits in the default folder, where every start looks before opening a database.
  if (patch.nextDataDir !== undefined) writeDataFolderChoice(ctx.edge.defaultDataDir, patch.nextDataDir)
  return getSettings(ctx)
}
