import { Option, type Command } from 'commander'
import { evaluateModel } from '../../core/engine/metrics/evaluate-model'
import { formatMetrics, formatThreshold } from '../../core/engine/metrics/format'
import type { SplitSelector } from '../../core/engine/training/dataset-features'
import { terminalProgress } from '../progress-bar'
import { UsageError } from '../errors'
import type { RegisterCommand } from './index'

export const registerEvaluate: RegisterCommand = (program, context) => {
  program
    .command('evaluate')
    .description('Score a stored model on an imported dataset (its stored decision threshold applies)')
    .option('--model <id>', 'model version (default: the active one)')
    .requiredOption('--dataset <name>', 'imported dataset')
    .addOption(
      new Option('--split <which>', 'test split (default) or all labelled images')
        .choices(['test', 'all'])
        .default('test')
    )
    .action(async (flags: { model?: string; dataset: string; split: SplitSelector }, cmd: Command) => {
      const ctx = context(cmd)
      try {
        const r = await evaluateModel(ctx.db, ctx.dirs, { ...flags, onExtractProgress: terminalProgress() })
        ctx.print(r, () =>
          [
            `model ${r.modelId} on ${r.dataset} (${r.split})${r.missing ? `, ${r.missing} unreadable images left out` : ''}`,
            formatThreshold(r.threshold),
            formatMetrics(r.metrics, r.split)
          ].join('\n')
        )
      } catch (err) {
        const e = err as Error
        if (
          [
            'DatasetNotReadyError',
            'UnknownModelError',
            'UnknownDatasetError',
            'UnknownBackboneError'
          ].includes(e.name)
        )
          throw new UsageError(e.message)
        throw err
      }
    })
}
