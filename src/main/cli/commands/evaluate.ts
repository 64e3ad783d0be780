import { Option, type Command } from 'commander'
import { formatMetrics, formatThreshold } from '../../core/engine/metrics/format'
import { formatTrustOnSet } from '../../core/trust/format'
import { CLI_JOB } from '../context'
import type { SplitSelector } from '../../core/engine/training/dataset-features'
import { terminalProgress } from '../progress-bar'
import type { RegisterCommand } from './register'
import type { PrecisionComparison } from '../../services/compare-precision'

function formatComparison(c: PrecisionComparison): string {
  const lines = c.runs.flatMap((r) => [
    `model ${r.modelId} (backbone ${r.backbone}, ${r.precision}) on ${r.dataset} (${r.split})${r.missing ? `, ${r.missing} unreadable images left out` : ''}`,
    formatMetrics(r.metrics, r.split)
  ])
  lines.push(
    `accuracy difference (first − second): ${c.accuracyDeltaPoints >= 0 ? '+' : ''}${c.accuracyDeltaPoints.toFixed(2)} points`
  )
  if (c.features)
    lines.push(
      `stored features of the two backbones on these ${c.features.images} images: cosine mean ${c.features.meanCosine.toFixed(4)}, worst ${c.features.worstCosine.toFixed(4)}`
    )
  return lines.join('\n')
}

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
    .option(
      '--against <id>',
      "also score this model version on the same images and compare (e.g. an int8 backbone's head against its fp32 source's)"
    )
    .action(
      async (
        flags: { model?: string; dataset: string; split: SplitSelector; against?: string },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        ctx.onProgress(terminalProgress())
        if (flags.against) {
          const { comparePrecision } = await import('../../services/compare-precision')
          const c = await comparePrecision(await ctx.gated('models:evaluate'), CLI_JOB, {
            ...flags,
            against: flags.against
          })
          ctx.print(c, () => formatComparison(c))
          return
        }
        const { evaluate } = await import('../../services/models')
        {
          const r = await evaluate(await ctx.gated('models:evaluate'), CLI_JOB, flags)
          // `test.intervals.<figure>` as `train --json` gives it, beside the full result.
          ctx.print({ ...r, [r.split]: r.metrics }, () =>
            [
              `model ${r.modelId} on ${r.dataset} (${r.split})${r.missing ? `, ${r.missing} unreadable images left out` : ''}`,
              formatThreshold(r.threshold),
              formatMetrics(r.metrics, r.split),
              formatTrustOnSet(r.trust, r.split)
            ].join('\n')
          )
        }
      }
    )
}
