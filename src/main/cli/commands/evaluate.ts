import { Option, type Command } from 'commander'
import { formatMetrics, formatThreshold } from '../../core/engine/metrics/format'
import { formatTrustOnSet } from '../../core/trust/format'
import { CLI_JOB } from '../context'
import type { SplitSelector } from '../../core/engine/training/dataset-features'
import { terminalProgress } from '../progress-bar'
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
      ctx.onProgress(terminalProgress())
      const { evaluate } = await import('../../services/models')
      {
        const r = await evaluate(ctx.ctx, CLI_JOB, flags)
        ctx.print(r, () =>
          [
            `model ${r.modelId} on ${r.dataset} (${r.split})${r.missing ? `, ${r.missing} unreadable images left out` : ''}`,
            formatThreshold(r.threshold),
            formatMetrics(r.metrics, r.split),
            formatTrustOnSet(r.trust, r.split)
          ].join('\n')
        )
      }
    })
}
