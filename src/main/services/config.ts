/**
 * Configuration, resolved in one place for the desktop app's engine process and for the command line: the data
 * folder, the compute backend, ONNX Runtime's execution provider, the reviewer's name, the review (flag)
 * threshold, the extraction worker count and the shared database (a PostgreSQL URL; none: this workstation's own
 * SQLite database). Precedence, for each: a command-line flag, then the environment
 * (LEUKOLENS_*), then the stored setting (the Settings screen / `leukolens settings`), then the default.
 *
 * Only the edges read the environment (the CLI's entry, the Electron main and engine processes): they call
 * `envOverrides(process.env)` once and pass the result down. Nothing below services/ reads `process.env`; the
 * engine gets plain values as parameters (a forced backend, a provider, a worker count).
 */
import { homedir, userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { decimalNumber, wholeNumber } from '../../shared/decimal'
import type { BackendChoice } from '../../shared/contract'
import { BACKEND_NAMES } from '../../shared/names'
import type { OrtProviderChoice } from '../core/onnx/runtime'
import { DEFAULT_FLAG_THRESHOLD } from '../core/scan/settings'
import { PostgresUrl } from '../core/server/url'
import { readDataFolderChoice } from './data-folder'
import { readDatabaseChoice } from './database-choice'

/** `auto` (the fastest that works) or a backend to force. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKEND_NAMES]
export const ONNX_PROVIDERS: readonly OrtProviderChoice[] = ['auto', 'cpu', 'cuda']

/** Values given at the edge, by a command-line flag or an environment variable; absent keys are not given. */
export interface ConfigOverrides {
  dataDir?: string
  backend?: BackendChoice
  onnxProvider?: OrtProviderChoice
  reviewer?: string
  reviewThreshold?: number
  workers?: number
  databaseUrl?: PostgresUrl
}

/**
 * Where a resolved value came from (shown by `leukolens settings` and `doctor`). `model`: the review threshold the
 * model version chose on its validation images, in force while nobody chose one.
 */
export type ConfigSource = 'flag' | 'environment' | 'setting' | 'model' | 'default'

/** The overrides of one process: flags over environment, each key with where it came from. */
export interface EdgeConfig {
  values: ConfigOverrides
  sources: Partial<Record<keyof ConfigOverrides, 'flag' | 'environment'>>
  /** The platform's per-user folder: the default data folder, and where the data-folder pointer file lives. */
  defaultDataDir: string
}

/** What the stored settings say (the database's key-value table), each undefined when never set. */
export interface StoredConfig {
  backend?: BackendChoice
  reviewer?: string
  reviewThreshold?: number
  /** The active model version's own review threshold (chosen on its validation images), when it has one. */
  modelReviewThreshold?: number
}

/** The configuration in force: every value resolved, and where each came from. */
export interface Config {
  dataDir: string
  defaultDataDir: string
  backend: BackendChoice
  onnxProvider: OrtProviderChoice
  reviewer: string
  reviewThreshold: number
  /** Extraction workers; undefined lets the engine decide (one per core on wasm, one otherwise). */
  workers?: number
  /**
   * The shared PostgreSQL store; undefined: this workstation's own SQLite database. Printed, it shows its password
   * masked (PostgresUrl); `.href` is for connecting only.
   */
  database?: PostgresUrl
  sources: Record<
    'dataDir' | 'backend' | 'onnxProvider' | 'reviewer' | 'reviewThreshold' | 'workers' | 'databaseUrl',
    ConfigSource
  >
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Environment variables read here and nowhere else. */
export const ENV = {
  dataDir: 'LEUKOLENS_DATA_DIR',
  backend: 'LEUKOLENS_BACKEND',
  onnxProvider: 'LEUKOLENS_ONNX_PROVIDER',
  reviewer: 'LEUKOLENS_REVIEWER',
  reviewThreshold: 'LEUKOLENS_REVIEW_THRESHOLD',
  workers: 'LEUKOLENS_WORKERS',
  databaseUrl: 'LEUKOLENS_DATABASE_URL'
} as const satisfies Record<keyof ConfigOverrides, string>

/** A backend name as the user wrote it (variable or setting; `auto` too), or a ConfigError listing the names. */
export function parseBackend(text: string, where: string): BackendChoice {
  const v = text.trim()
  if (!(BACKEND_CHOICES as readonly string[]).includes(v))
    throw new ConfigError(`${where}=${v} is not one of ${BACKEND_NAMES.join(', ')}`)
  return v as BackendChoice
}

export function parseOnnxProvider(text: string, where: string): OrtProviderChoice {
  const v = text.trim() || 'auto'
  if (!(ONNX_PROVIDERS as readonly string[]).includes(v))
    throw new ConfigError(`${where}=${v} is not one of ${ONNX_PROVIDERS.join(', ')}`)
  return v as OrtProviderChoice
}

/** A confidence in [0, 1]: predictions below it are flagged for review. */
export function parseReviewThreshold(text: string, where: string): number {
  const n = decimalNumber(text)
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new ConfigError(`${where}=${text} is not a number from 0 to 1`)
  return n
}

export function parseWorkers(text: string, where: string): number {
  const n = wholeNumber(text)
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new ConfigError(`${where}=${text} is not a whole number from 1 to 256`)
  return n
}

/** The LEUKOLENS_* variables of `env`, validated (a bad value is an error naming the variable). */
export function envOverrides(env: Record<string, string | undefined>): ConfigOverrides {
  const get = (k: keyof typeof ENV): string | undefined => {
    const v = env[ENV[k]]
    return v === undefined || v.trim() === '' ? undefined : v
  }
  const out: ConfigOverrides = {}
  const dataDir = get('dataDir')
  if (dataDir) out.dataDir = resolve(dataDir)
  const backend = get('backend')
  if (backend) out.backend = parseBackend(backend, ENV.backend)
  const provider = get('onnxProvider')
  if (provider) out.onnxProvider = parseOnnxProvider(provider, ENV.onnxProvider)
  const reviewer = get('reviewer')
  if (reviewer) out.reviewer = reviewer.trim()
  const threshold = get('reviewThreshold')
  if (threshold) out.reviewThreshold = parseReviewThreshold(threshold, ENV.reviewThreshold)
  const workers = get('workers')
  if (workers) out.workers = parseWorkers(workers, ENV.workers)
  const databaseUrl = get('databaseUrl')
  if (databaseUrl) out.databaseUrl = PostgresUrl.parse(databaseUrl, ENV.databaseUrl)
  return out
}

/**
 * The platform's per-user folder, the one Electron's `app.getPath('userData')` gives the packaged app, so the
 * app and the command line share one store by default.
 */
export function platformDataDir(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform
): string {
  const home = homedir()
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Leukolens')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Leukolens')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Leukolens')
}

/** Flags over environment: the edge's half of the precedence. */
export function edgeConfig(flags: ConfigOverrides, env: ConfigOverrides, defaultDataDir: string): EdgeConfig {
  const values: ConfigOverrides = {}
  const sources: EdgeConfig['sources'] = {}
  for (const key of Object.keys(ENV) as (keyof ConfigOverrides)[]) {
    const v = flags[key] !== undefined ? flags[key] : env[key]
    if (v === undefined) continue
    ;(values as Record<string, unknown>)[key] = v
    sources[key] = flags[key] !== undefined ? 'flag' : 'environment'
  }
  return { values, sources, defaultDataDir }
}

/**
 * The data folder: flag, else LEUKOLENS_DATA_DIR, else the folder chosen in Settings (the pointer file in the
 * default folder, written by `settings:set` / `leukolens settings dataDir`), else the default folder.
 */
export function resolveDataDir(edge: EdgeConfig): { dataDir: string; source: ConfigSource } {
  if (edge.values.dataDir) return { dataDir: resolve(edge.values.dataDir), source: edge.sources.dataDir! }
  const chosen = readDataFolderChoice(edge.defaultDataDir)
  if (chosen) return { dataDir: chosen, source: 'setting' }
  return { dataDir: edge.defaultDataDir, source: 'default' }
}

/** The login name, the reviewer's default. */
export function loginName(): string {
  try {
    return userInfo().username || 'reviewer'
  } catch {
    return 'reviewer'
  }
}

/**
 * The shared database: flag, else LEUKOLENS_DATABASE_URL, else the one chosen in Settings (a file in the data
 * folder, database-choice.ts), else none (SQLite in the data folder).
 */
export function resolveDatabase(
  edge: EdgeConfig,
  dataDir: string
): { database?: PostgresUrl; source: ConfigSource } {
  if (edge.values.databaseUrl) return { database: edge.values.databaseUrl, source: edge.sources.databaseUrl! }
  const chosen = readDatabaseChoice(dataDir)
  return chosen ? { database: chosen, source: 'setting' } : { source: 'default' }
}

/** Every value resolved: edge (flag, environment) over stored settings over defaults. */
export function resolveConfig(edge: EdgeConfig, stored: StoredConfig): Config {
  const { dataDir, source: dataDirSource } = resolveDataDir(edge)
  const { database, source: databaseSource } = resolveDatabase(edge, dataDir)
  const sources = { dataDir: dataDirSource, databaseUrl: databaseSource } as Config['sources']
  const pick = <K extends 'backend' | 'reviewer' | 'reviewThreshold'>(
    key: K,
    fallback: NonNullable<StoredConfig[K]>,
    model?: NonNullable<StoredConfig[K]>
  ) => {
    const e = edge.values[key]
    if (e !== undefined) {
      sources[key] = edge.sources[key]!
      return e as NonNullable<StoredConfig[K]>
    }
    if (stored[key] !== undefined) {
      sources[key] = 'setting'
      return stored[key] as NonNullable<StoredConfig[K]>
    }
    sources[key] = model === undefined ? 'default' : 'model'
    return model ?? fallback
  }
  const edgeOnly = <K extends 'onnxProvider' | 'workers'>(key: K) => {
    sources[key] = edge.sources[key] ?? 'default'
    return edge.values[key]
  }
  return {
    dataDir,
    defaultDataDir: edge.defaultDataDir,
    backend: pick('backend', 'auto'),
    reviewer: pick('reviewer', loginName()),
    reviewThreshold: pick('reviewThreshold', DEFAULT_FLAG_THRESHOLD, stored.modelReviewThreshold),
    onnxProvider: edgeOnly('onnxProvider') ?? 'auto',
    workers: edgeOnly('workers'),
    database,
    sources
  }
}

/**
 * The review threshold a scan with a given model version flags at: the one somebody chose (flag, variable,
 * setting), else that version's own threshold chosen on its validation images, else the built-in 0.80. `config`
 * resolved it for the active version; a scan may name another.
 */
export function reviewThresholdFor(
  config: Pick<Config, 'reviewThreshold' | 'sources'>,
  modelThreshold: number | undefined
): { value: number; source: ConfigSource } {
  const source = config.sources.reviewThreshold
  if (source !== 'model' && source !== 'default') return { value: config.reviewThreshold, source }
  return modelThreshold === undefined
    ? { value: DEFAULT_FLAG_THRESHOLD, source: 'default' }
    : { value: modelThreshold, source: 'model' }
}

/** The backend the engine is forced to (undefined: 'auto', the fastest that works). */
export function forcedBackend(config: Pick<Config, 'backend'>): Exclude<BackendChoice, 'auto'> | undefined {
  return config.backend === 'auto' ? undefined : config.backend
}
