import { Option, type Command } from 'commander'
import { evaluateModel } from '../../core/engine/metrics/evaluate-model'
import { formatMetrics, formatThreshold } from '../../core/engine/metrics/format'
import { formatReliability } from '../../core/trust/format'
import type { SplitSelector } from '../../core/engine/training/dataset-features'
import { terminalProgress } from '../progress-bar'
import { UsageError } from '../index'
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
            formatMetrics(r.metrics, r.split),
            ...(r.trust
              ? [
                  `  unfamiliar ${(100 * r.trust.unfamiliar).toFixed(1)}% of images; review flag (confidence < ${r.trust.flagThreshold.toFixed(3)} or unfamiliar) ` +
                    `catches ${(100 * r.trust.errorsFlagged).toFixed(1)}% of errors, flags ${(100 * r.trust.flagged).toFixed(1)}% of images`,
                  formatReliability(r.trust.calibration, `${r.split} reliability (calibrated)`)
                ]
              : ['  (this version has no calibration or unfamiliar-image profile: trained before it, or imported)'])
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
