import type { Command } from 'commander'
import type { RegisterCommand } from './register'
import { BACKEND_FLAG_HELP, backendFlag, workersFlag } from '../flags'
import { sharedStore, timingFromEnv } from '../shared-database'

interface WorkerFlags {
  once?: boolean
  backend?: string
  workers?: string
}

export const registerWorker: RegisterCommand = (program, context) => {
  program
    .command('worker')
    .description("Work on the lab's queued scans: take batches from the shared database until stopped")
    .option('--once', 'stop when the queue holds no batch (none waiting, none held by another worker)')
    .option('--backend <name>', BACKEND_FLAG_HELP)
    .option('--workers <n>', 'extraction workers (default: $LEUKOLENS_WORKERS, else one per core on wasm)')
    .addHelpText(
      'after',
      `
Any machine that can read the scanned folders (at the same paths) and has the scan's model version in its data
folder can work. Each batch is recorded in one transaction, at most once per file, with this machine's name and
process id. Ctrl-C or SIGTERM stops after the batch in hand. A worker that dies holding a batch loses nothing: the
batch returns to the queue when its lease lapses (LEUKOLENS_QUEUE_LEASE_SECONDS, default 600) and another worker
takes it. A batch that fails on every try (its error, or its workers dying on it each time) fails its scan, which
\`leukolens scan --wait ID\` then reports; queuing the folder again classifies only what is not recorded yet.`
    )
    .action(async (flags: WorkerFlags, cmd: Command) => {
      const timing = timingFromEnv()
      const ctx = context(cmd, { backend: backendFlag(flags.backend), workers: workersFlag(flags.workers) })
      sharedStore(ctx, 'worker')
      const { workOnQueue, workerIdentity } = await import('../../services/queue')
      const stop = new AbortController()
      const onStop = (): void => {
        if (!stop.signal.aborted) process.stderr.write('stopping after the batch in hand…\n')
        stop.abort()
      }
      process.on('SIGINT', onStop)
      process.on('SIGTERM', onStop)
      const me = workerIdentity()
      if (!ctx.json) process.stderr.write(`worker ${me.machine}:${me.pid} taking batches…\n`)
      try {
        const totals = await workOnQueue(ctx.ctx, timing, {
          once: Boolean(flags.once),
          signal: stop.signal,
          onBatch: (o) => {
            if (o.worked && !ctx.json)
              process.stderr.write(
                `  scan ${o.scanId} batch ${o.batch}: ${o.computed} classified${o.scanDone ? `; scan ${o.scanId} is done` : ''}\n`
              )
          },
          onFailure: (_job, message, final) =>
            process.stderr.write(
              `  ${message}${final ? ' (no tries left: the scan is marked failed)' : ' (back on the queue)'}\n`
            ),
          onReachability: (lost) =>
            process.stderr.write(
              lost
                ? `  ${lost.reason}: waiting for it (finished batches are kept; a batch in hand goes back to the queue)\n`
                : '  the shared database answers again: taking batches\n'
            )
        })
        ctx.print(
          { ...me, ...totals },
          () =>
            `worker ${me.machine}:${me.pid} ${stop.signal.aborted ? 'stopped' : 'found the queue empty'}: ${totals.batches} batch(es), ${totals.computed} image(s) classified, ${totals.failed} failed`
        )
      } finally {
        process.off('SIGINT', onStop)
        process.off('SIGTERM', onStop)
      }
    })
}
