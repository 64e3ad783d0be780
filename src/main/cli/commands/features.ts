import type { Command } from 'commander'
import { terminalProgress } from '../progress-bar'
import { CLI_JOB } from '../context'
import type { RegisterCommand } from './register'
import { BACKEND_FLAG_HELP, backendFlag, intFlag, workersFlag } from '../flags'

export const registerFeatures: RegisterCommand = (program, context) => {
  const group = program
    .command('features')
    .description('The feature store: frozen-backbone features, computed once per image')

  group
    .command('extract')
    .description(
      'Compute and store the features of every image of a dataset (already stored ones are skipped; resumable)'
    )
    .requiredOption('--dataset <name>', 'imported dataset')
    .requiredOption('--backbone <name>', 'backbone (see `backbone list`)')
    .option('--flip', 'also store the features of each horizontally flipped image')
    .option('--workers <n>', 'worker threads (default: $LEUKOLENS_WORKERS, else one per core on wasm)')
    .option('--batch-size <n>', 'images per worker batch (default 8)')
    .option('--backend <name>', BACKEND_FLAG_HELP)
    .action(
      async (
        opts: {
          dataset: string
          backbone: string
          flip?: boolean
          workers?: string
          batchSize?: string
          backend?: string
        },
        cmd: Command
      ) => {
        const ctx = context(cmd, { backend: backendFlag(opts.backend), workers: workersFlag(opts.workers) })
        const batchSize = intFlag('--batch-size', opts.batchSize)
        const { extractFeatures } = await import('../../services/models')
        ctx.onProgress(terminalProgress())
        // Ctrl-C: stop sending batches, keep every finished one (a later run resumes from there).
        const sigint = ctx.cancelOnSigint('stopping after the batches in flight (finished ones are kept)…')
        try {
          const r = await extractFeatures(await ctx.gated('training:start', 'extract features'), CLI_JOB, {
            dataset: opts.dataset,
            backbone: opts.backbone,
            flip: opts.flip,
            batchSize
          })
          ctx.print(r, () =>
            [
              `${r.dataset}: ${r.images} image(s); ${r.computed} feature vector(s) computed with ${r.backbone} on ${r.backend ?? 'no backend'} (${r.workers} worker(s)) in ${r.seconds.toFixed(1)} s` +
                (r.computed ? ` — ${r.imagesPerSecond.toFixed(2)} vectors/s` : ''),
              `${r.skipped} image(s) already stored, skipped`,
              ...(sigint.fired ? ['interrupted: run the same command again to finish'] : []),
              ...r.failed.map((f) => `failed: ${f.path}: ${f.error}`)
            ].join('\n')
          )
        } finally {
          sigint.off()
        }
      }
    )
}
