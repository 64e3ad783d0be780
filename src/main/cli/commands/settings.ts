import type { Command } from 'commander'
import type { Settings } from '../../../shared/contract'
import {
  BACKEND_CHOICES,
  ConfigError,
  ENV,
  parseBackend,
  parseReviewThreshold,
  type Config,
  type ConfigSource
} from '../../services/config'
import { parseMaxMegapixels, parseUnfamiliarLimit } from '../../core/scan/settings'
import { PostgresUrl } from '../../core/server/url'
// Static: the command line's context loads the settings service at start anyway.
import { settingSources } from '../../services/settings'
import { UsageError } from '../errors'
import { formatTable } from '../table'
import type { RegisterCommand } from './register'

/**
 * `leukolens settings` keys: the Settings screen's, by the contract's names. Older names are accepted as aliases:
 * `flagThreshold` and `scan.flagThreshold` are the review threshold (the value `scan --review-threshold` overrides).
 */
const KEYS = [
  'dataDir',
  'backend',
  'reviewThreshold',
  'reviewer',
  'theme',
  'maxMegapixels',
  'unfamiliarLimit',
  'databaseUrl'
] as const
type Key = (typeof KEYS)[number]
const ALIASES: Record<string, Key> = {
  flagThreshold: 'reviewThreshold',
  'scan.flagThreshold': 'reviewThreshold',
  'images.maxMegapixels': 'maxMegapixels',
  'samples.unfamiliarLimit': 'unfamiliarLimit'
}
const THEMES = ['system', 'light', 'dark'] as const

const HELP: Record<Key, string> = {
  dataDir: 'data folder used from the next start on (absolute path; the app and the command line read it)',
  backend: `compute backend: ${BACKEND_CHOICES.join('|')}`,
  reviewThreshold:
    "predictions with a confidence below this (0..1) are flagged for review (default: the active model's own)",
  reviewer: 'name written into the review audit log',
  theme: `the app's colours: ${THEMES.join('|')}`,
  maxMegapixels: 'images over this many megapixels (0..1000] are refused from their header, before decoding',
  unfamiliarLimit:
    'a sample with a larger share of cells unlike the training data gets no class percentages (0..1 or 0%..100%)',
  databaseUrl:
    "the lab's shared PostgreSQL database, postgres://user:password@host:5432/leukolens (shown with the password masked; unset: this data folder's own database)"
}

/** A value as typed, checked and turned into the `settings:set` patch (a bad value is a usage error naming it). */
function patchFor(key: Key, value: string): Partial<Omit<Settings, 'dataDir'>> {
  try {
    switch (key) {
      case 'dataDir':
        if (!value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value))
          throw new ConfigError(`dataDir=${value} is not an absolute path`)
        return { nextDataDir: value }
      case 'backend':
        return { backend: parseBackend(value, 'backend') }
      case 'reviewThreshold':
        return { reviewThreshold: parseReviewThreshold(value, 'reviewThreshold') }
      case 'reviewer':
        if (!value.trim()) throw new ConfigError('reviewer: give a name')
        return { reviewer: value }
      case 'theme':
        if (!(THEMES as readonly string[]).includes(value))
          throw new ConfigError(`theme=${value} is not one of ${THEMES.join(', ')}`)
        return { theme: value as Settings['theme'] }
      case 'maxMegapixels':
        return { maxMegapixels: parseMaxMegapixels(value, 'maxMegapixels') }
      case 'unfamiliarLimit':
        return { unfamiliarLimit: parseUnfamiliarLimit(value, 'unfamiliarLimit') }
      case 'databaseUrl':
        return { databaseUrl: PostgresUrl.parse(value, 'databaseUrl').href }
    }
  } catch (err) {
    const back =
      value.trim().toLowerCase() === 'default' ? ` (back to the default: settings ${key} --unset)` : ''
    throw new UsageError((err as Error).message + back)
  }
}

/** Where a value in force comes from, in the words of the help text. */
function sourceText(key: Key, source: ConfigSource, activeModel: string | undefined): string {
  switch (source) {
    case 'flag':
      return `flag ${FLAG_OF[key] ?? ''}`.trim()
    case 'environment':
      return `variable ${ENV[key as keyof typeof ENV] ?? ''}`.trim()
    case 'setting':
      return 'stored'
    case 'model':
      return `model ${activeModel ?? ''} (chosen on its validation images)`.replace(' ()', '')
    case 'default':
      return 'default'
  }
}

const FLAG_OF: Partial<Record<Key, string>> = {
  dataDir: '--data-dir',
  backend: '--backend',
  reviewer: '--reviewer',
  reviewThreshold: '--review-threshold',
  databaseUrl: '--database'
}

/** What stands for "no shared database": the data folder's own SQLite file. */
const OWN_DATABASE = "none: the data folder's own database (SQLite)"

/** The value in force here (the theme and the limits have no flag or variable: the stored or default one). */
function valueOf(key: Key, s: Settings, c: Config): string | number {
  if (key === 'databaseUrl') return c.database?.masked ?? OWN_DATABASE
  return key === 'dataDir'
    ? c.dataDir
    : key === 'theme' || key === 'maxMegapixels' || key === 'unfamiliarLimit'
      ? s[key]
      : c[key]
}

/** One row per setting: its value in force and where it comes from (and a data folder chosen for later). */
function row(key: Key, s: Settings, c: Config, from: string): string[] {
  const later = key === 'dataDir' && s.nextDataDir ? `; from the next start: ${s.nextDataDir}` : ''
  const v = valueOf(key, s, c)
  return [key, typeof v === 'number' ? String(Number(v.toPrecision(6))) : v, from + later]
}

export const registerSettings: RegisterCommand = (program, context) => {
  program
    .command('settings')
    .description("List or change the app's settings (the same ones as its Settings screen)")
    .argument('[key]', `one of ${KEYS.join(', ')}`)
    .argument('[value]', 'new value')
    .option('--unset', 'forget the stored value: the setting goes back to its default')
    .addHelpText(
      'after',
      `
${KEYS.map((k) => `  ${k.padEnd(16)} ${HELP[k]}`).join('\n')}
  (flagThreshold and scan.flagThreshold are older names of reviewThreshold, as scan's --flag-threshold is of
  --review-threshold: both still accepted)

Each row shows the value in force and where it comes from: a flag (--data-dir, --backend, --reviewer,
--review-threshold, --database) over a variable (LEUKOLENS_DATA_DIR, LEUKOLENS_BACKEND, LEUKOLENS_REVIEWER,
LEUKOLENS_REVIEW_THRESHOLD, LEUKOLENS_DATABASE_URL) over the stored setting over the default. The databaseUrl
setting is kept in the data folder (database.json, readable by you only) and never shown with its password. The review threshold's default is the
active model version's own threshold (chosen on its validation images), else 0.80.`
    )
    .action(
      async (
        keyText: string | undefined,
        value: string | undefined,
        flags: { unset?: boolean },
        cmd: Command
      ) => {
        const key = keyText === undefined ? undefined : (ALIASES[keyText] ?? keyText)
        if (key !== undefined && !(KEYS as readonly string[]).includes(key))
          throw new UsageError(`unknown setting "${keyText}" (known: ${KEYS.join(', ')})`)
        if (flags.unset && (key === undefined || value !== undefined))
          throw new UsageError('settings: --unset takes a setting name and no value (settings KEY --unset)')
        const ctx = context(cmd)
        const settings = flags.unset
          ? await ctx.call('settings:set', {
              unset: [key === 'dataDir' ? 'nextDataDir' : (key as Exclude<Key, 'dataDir'>)]
            })
          : key !== undefined && value !== undefined
            ? await ctx.call('settings:set', patchFor(key as Key, value))
            : await ctx.call('settings:get')
        const sources = settingSources(ctx.ctx)
        const config = ctx.config()
        const active = (await ctx.call('models:list')).find((m) => m.active)?.id
        const shown = key === undefined ? KEYS : [key as Key]
        const rows = shown.map((k) => row(k, settings, config, sourceText(k, sources[k], active)))
        ctx.print(
          {
            ...Object.fromEntries(shown.map((k) => [k, valueOf(k, settings, config)])),
            ...(settings.nextDataDir && shown.includes('dataDir')
              ? { nextDataDir: settings.nextDataDir }
              : {}),
            from: Object.fromEntries(shown.map((k) => [k, sources[k]])),
            inForce: config
          },
          () => formatTable(['setting', 'value', 'from'], rows)
        )
      }
    )
}
