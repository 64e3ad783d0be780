import type { Command } from 'commander'
import type { Settings } from '../../../shared/contract'
import {
  BACKEND_CHOICES,
  ConfigError,
  parseBackend,
  parseReviewThreshold,
  type Config
} from '../../services/config'
import { parseMaxMegapixels, parseUnfamiliarLimit } from '../../core/scan/settings'
import { UsageError } from '../errors'
import type { RegisterCommand } from './index'

/** `leukolens settings` keys: the Settings screen's, by the contract's names (plus the older scan.flagThreshold). */
const KEYS = [
  'dataDir',
  'backend',
  'reviewThreshold',
  'reviewer',
  'theme',
  'maxMegapixels',
  'unfamiliarLimit'
] as const
type Key = (typeof KEYS)[number]
const ALIASES: Record<string, Key> = {
  'scan.flagThreshold': 'reviewThreshold',
  'images.maxMegapixels': 'maxMegapixels',
  'samples.unfamiliarLimit': 'unfamiliarLimit'
}
const THEMES = ['system', 'light', 'dark'] as const

const HELP: Record<Key, string> = {
  dataDir: 'data folder used from the next start on (absolute path; the app and the command line read it)',
  backend: `compute backend: ${BACKEND_CHOICES.join('|')}`,
  reviewThreshold: 'predictions with a confidence below this (0..1) are flagged for review',
  reviewer: 'name written into the review audit log',
  theme: `the app's colours: ${THEMES.join('|')}`,
  maxMegapixels: 'images over this many megapixels (0..1000] are refused from their header, before decoding',
  unfamiliarLimit:
    'a sample with a larger share of cells unlike the training data gets no class percentages (0..1 or 0%..100%)'
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
    }
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

/** One line per setting: the stored value, and what is in force here when a flag or variable overrides it. */
function describe(key: Key, s: Settings, c: Config): string {
  const stored = key === 'dataDir' ? (s.nextDataDir ?? s.dataDir) : String(s[key])
  // The theme and the limits have no flag or variable: the stored value is the one in force.
  const storedOnly = key === 'theme' || key === 'maxMegapixels' || key === 'unfamiliarLimit'
  const inForce = key === 'dataDir' ? c.dataDir : storedOnly ? undefined : String(c[key])
  const source = storedOnly ? undefined : c.sources[key]
  const note =
    source === 'flag' || source === 'environment'
      ? `  (in force here: ${inForce}, from ${source === 'flag' ? 'a flag' : 'the environment'})`
      : key === 'dataDir' && s.nextDataDir
        ? `  (from the next start; now ${s.dataDir})`
        : ''
  return `${key.padEnd(16)} ${stored}${note}`
}

export const registerSettings: RegisterCommand = (program, context) => {
  program
    .command('settings')
    .description("List or change the app's settings (the same ones as its Settings screen)")
    .argument('[key]', `one of ${KEYS.join(', ')}`)
    .argument('[value]', 'new value')
    .addHelpText(
      'after',
      `
${KEYS.map((k) => `  ${k.padEnd(16)} ${HELP[k]}`).join('\n')}

Each setting can be overridden for one process: a flag (--data-dir, --backend, --reviewer, --flag-threshold)
over a variable (LEUKOLENS_DATA_DIR, LEUKOLENS_BACKEND, LEUKOLENS_REVIEWER, LEUKOLENS_REVIEW_THRESHOLD) over the
stored setting over the default.`
    )
    .action(async (keyText: string | undefined, value: string | undefined, _flags: unknown, cmd: Command) => {
      const key = keyText === undefined ? undefined : (ALIASES[keyText] ?? keyText)
      if (key !== undefined && !(KEYS as readonly string[]).includes(key))
        throw new UsageError(`unknown setting "${keyText}" (known: ${KEYS.join(', ')})`)
      const ctx = context(cmd)
      const settings =
        key !== undefined && value !== undefined
          ? await ctx.call('settings:set', patchFor(key as Key, value))
          : await ctx.call('settings:get')
      const config = ctx.config()
      const shown = key === undefined ? KEYS : [key as Key]
      ctx.print(
        {
          ...Object.fromEntries(
            shown.map((k) => [k, k === 'dataDir' ? (settings.nextDataDir ?? settings.dataDir) : settings[k]])
          ),
          inForce: config
        },
        () => shown.map((k) => describe(k, settings, config)).join('\n')
      )
    })
}
