import { Option, type Command } from 'commander'
import { formatEpoch, formatLeftOut, formatMetrics, formatThreshold } from '../../core/engine/metrics/format'
import { PUBLISHED_HYPERPARAMETERS } from '../../core/engine/training/published'
import { DEFAULT_RECIPE, RECIPE_NAMES } from '../../core/engine/training/recipes'
import { formatTrust } from '../../core/trust/format'
import type { ClassWeightRule, MonitorRule, OperatingPoint } from '../../../shared/types/training'
import { parseOperatingPoint } from '../../core/trust/operating-point'
import { terminalProgress } from '../progress-bar'
import { UsageError } from '../errors'
import { decimalNumber } from '../../../shared/decimal'
import type { RegisterCommand } from './register'
import { intFlag } from '../flags'
import { CLI_JOB } from '../context'

function fractionFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = decimalNumber(v)
  if (!(n > 0 && n <= 1)) throw new UsageError(`--${name} must be a number in (0, 1] (got ${v})`)
  return n
}

function operatingPointFlag(v: string | undefined): OperatingPoint | undefined {
  if (v === undefined) return undefined
  try {
    return parseOperatingPoint(v)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

function positiveFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!(n > 0 && Number.isFinite(n))) throw new UsageError(`--${name} must be a positive number (got ${v})`)
  return n
}

interface TrainFlags {
  dataset: string
  backbone: string
  epochs?: string
  batchSize?: string
  seed?: string
  classWeight?: ClassWeightRule
  monitor?: MonitorRule
  flip?: boolean
  targetSensitivity?: string
  operatingPoint?: string
  flagTarget?: string
  recipe?: string
  l2?: string
  name?: string
  activate?: boolean
}

/** Whether scans will use the new version, said plainly, with the command that changes it. */
export function activeNote(v: { id: string; active: boolean }): string {
  return v.active
    ? `model ${v.id} is the active model: scans use it from now on`
    : `model ${v.id} is stored but NOT active (scans keep the active model; \`leukolens models list\` compares them): make it active with \`leukolens models activate ${v.id}\``
}

export const registerTrain: RegisterCommand = (program, context) => {
  const P = PUBLISHED_HYPERPARAMETERS
  program
    .command('train')
    .description(
      `Train a classifier head on a dataset's stored features (recipe ${DEFAULT_RECIPE} unless --recipe) and store a model version`
    )
    .requiredOption('--dataset <name>', 'imported and split dataset')
    .requiredOption('--backbone <name>', 'registered backbone (features are extracted first when missing)')
    .addOption(
      new Option(
        '--recipe <name>',
        `starting hyperparameters: published (the notebook's head) or a measured variant (default ${DEFAULT_RECIPE}; README "Default recipe")`
      ).choices(RECIPE_NAMES)
    )
    .option(
      '--l2 <x>',
      'fit the logistic regression (recipe logistic) at this L2 strength on the mean weighted loss'
    )
    .option(
      '--flag-target <share>',
      'share of the expected validation errors the review flag must hold (default 0.8)'
    )
    .option('--epochs <n>', `at most this many epochs (default ${P.epochs})`)
    .option('--batch-size <n>', `mini-batch size (default ${P.batchSize})`)
    .option('--seed <n>', `seed for initial weights, shuffling and dropout (default ${P.seed})`)
    .addOption(
      new Option('--class-weight <rule>', 'none (as published) or balanced').choices(['none', 'balanced'])
    )
    .addOption(
      new Option(
        '--monitor <rule>',
        'val_loss (default) or notebook: training accuracy until 0.9, then val loss'
      ).choices(['val_loss', 'notebook'])
    )
    .option('--flip', 'add horizontally flipped copies of the training images (extracted and stored once)')
    .option(
      '--operating-point <rule>',
      'two classes: balanced (default: max balanced accuracy), sensitivity:X (ALL recall ≥ X) or specificity:X, chosen on validation'
    )
    .option('--target-sensitivity <x>', 'the same as --operating-point sensitivity:X')
    .option('--name <text>', 'name of the model version')
    .option('--activate', 'make the new version the active model (the first version always is)')
    .action(async (flags: TrainFlags, cmd: Command) => {
      const ctx = context(cmd)
      const options = {
        dataset: flags.dataset,
        backbone: flags.backbone,
        epochs: intFlag('--epochs', flags.epochs),
        batchSize: intFlag('--batch-size', flags.batchSize),
        seed: intFlag('--seed', flags.seed, 0),
        classWeight: flags.classWeight,
        monitor: flags.monitor,
        // Only when given: the recipe decides otherwise.
        flip: flags.flip ? true : undefined,
        targetSensitivity: fractionFlag('target-sensitivity', flags.targetSensitivity),
        operatingPoint: operatingPointFlag(flags.operatingPoint),
        errorCatch: fractionFlag('flag-target', flags.flagTarget),
        recipe: flags.recipe,
        l2: positiveFlag('l2', flags.l2),
        name: flags.name,
        activate: flags.activate
      }
      const epochs = options.epochs ?? P.epochs
      const { train } = await import('../../services/models')
      ctx.onProgress(terminalProgress())
      ctx.onEpoch((l) => process.stderr.write(`${formatEpoch(l, epochs)}\n`))
      const sigint = ctx.cancelOnSigint('cancelling: the registry stays as it was')
      try {
        const { version, missing } = await train(await ctx.gated('training:start'), CLI_JOB, options)
        const test = version.metrics.test!
        const out = {
          modelId: version.id,
          name: version.name,
          active: version.active,
          backbone: version.backbone,
          dataset: version.dataset,
          split: version.split,
          epochs: version.history.length,
          bestEpoch: version.bestEpoch,
          threshold: version.threshold,
          test: {
            accuracy: test.accuracy,
            weightedF1: test.weightedF1,
            balancedAccuracy: test.balancedAccuracy,
            rocAuc: test.rocAuc,
            classes: test.classes,
            confusion: test.confusion,
            perClass: test.perClass,
            intervals: test.intervals,
            uncertainty: test.uncertainty
          },
          testArgmax: version.metrics.testArgmax,
          trust: version.trust,
          missing,
          timings: version.timings,
          backend: version.backend
        }
        ctx.print(out, () =>
          [
            `model ${version.id}${version.active ? ' (active)' : ''}: ${version.history.length} epochs, best ${version.bestEpoch}, ` +
              `${version.timings.trainSeconds?.toFixed(1)} s training on ${version.backend}`,
            `split by ${version.split?.by ?? '?'}${version.split?.rule ? `, unknown subjects ${version.split.rule === 'forward' ? 'forward (newest files in test)' : 'in random blocks'}` : ''} (seed ${version.split?.seed}), train/val/test ${version.split?.counts.train}/${version.split?.counts.val}/${version.split?.counts.test}`,
            formatThreshold(version.threshold),
            formatMetrics(test, 'test split'),
            version.metrics.testArgmax
              ? `  (arg-max: accuracy ${(version.metrics.testArgmax.accuracy * 100).toFixed(2)}%, balanced accuracy ${version.metrics.testArgmax.balancedAccuracy.toFixed(3)})`
              : '',
            formatLeftOut(missing, version.dataset ?? options.dataset),
            version.trust ? formatTrust(version.trust) : '',
            activeNote(version)
          ].join('\n')
        )
      } catch (err) {
        if (sigint.fired) throw new Error('training cancelled; nothing was stored')
        throw err
      } finally {
        sigint.off()
      }
    })
}
