import type { Command } from 'commander'
import { UnknownBackboneError } from '../../core/engine/backbones/registry'
import { extractDatasetFeatures, UnknownDatasetError } from '../../core/engine/features/dataset'
import { terminalProgress } from '../progress-bar'
import { UsageError } from '../index'
import type { RegisterCommand } from './index'
import { BACKEND_FLAG_HELP, backendFlag, intFlag, workersFlag } from '../flags'

export const registerFeatures: RegisterCommand = (program, context) => {
  const group = program.command('features').description('The feature store: frozen-backbone features, computed once per image')

  group
    .command('extract')
    .description('Compute and store the features of every image of a dataset (already stored ones are skipped; resumable)')
    .requiredOption('--dataset <name>', 'imported dataset')
    .requiredOption('--backbone <name>', 'backbone (see `backbone list`)')
    .option('--flip', 'also store the features of each horizontally flipped image')
    .option('--workers <n>', 'worker threads (default: one per core on wasm)')
    .option('--batch-size <n>', 'images per worker batch (default 8)')
    .option('--backend <name>', BACKEND_FLAG_HELP)
    .action(
      async (
        opts: { dataset: string; backbone: string; flip?: boolean; workers?: string; batchSize?: string; backend?: string },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        const backend = backendFlag(opts.backend)
        const controller = new AbortController()
        // Ctrl-C: stop sending batches, keep every finished one (a later run resumes from there).
        const onSigint = (): void => controller.abort()
        process.once('SIGINT', onSigint)
        try {
          const r = await extractDatasetFeatures(ctx.db, ctx.dirs, opts.dataset, {
            backbone: opts.backbone,
            flip: opts.flip,
            workers: workersFlag(opts.workers),
            batchSize: intFlag('--batch-size', opts.batchSize),
            backend,
            onProgress: terminalProgress(),
            signal: controller.signal
          })
          ctx.print(r, () =>
            [
              `${r.dataset}: ${r.images} image(s); ${r.computed} feature vector(s) computed with ${r.backbone} on ${r.backend ?? 'no backend'} (${r.workers} worker(s)) in ${r.seconds.toFixed(1)} s` +
                (r.computed ? ` — ${r.imagesPerSecond.toFixed(2)} vectors/s` : ''),
              `${r.skipped} image(s) already stored, skipped`,
              ...(controller.signal.aborted ? ['interrupted: run the same command again to finish'] : []),
              ...r.failed.map((f) => `failed: ${f.path}: ${f.error}`)
            ].join('\n')
          )
        } catch (err) {
          if (err instanceof UnknownBackboneError || err instanceof UnknownDatasetError) throw new UsageError(err.message)
          throw err
        } finally {
          process.off('SIGINT', onSigint)
        }
      }
    )
}
