import { resolve } from 'node:path'
import { sharedStore, timingFromEnv } from '../shared-database'
import type { CliContext } from '../context'
import { intFlag } from '../flags'
import { UsageError } from '../errors'
import { formatScanSummary, writeScanOut } from './scan'

/**
 * The queue side of `scan`: `scan FOLDER --queue` puts the scan on the lab's shared database for workers
 * (`leukolens worker`) and prints its id; `scan --wait ID` follows it and prints the summary a plain scan prints.
 * The database is the session's shared store (`--database URL`, LEUKOLENS_DATABASE_URL or the databaseUrl setting).
 */

export interface QueueFlags {
  model?: string
  recursive?: boolean
  rescan?: boolean
  batchSize?: string
  tta?: boolean
  fields?: boolean
  cropStyle?: string
  /** Follow the scan once queued (bare `--wait`), and write `out` when it finishes. */
  wait?: string | true
  out?: string
}

export async function queueScanCommand(ctx: CliContext, folder: string, flags: QueueFlags): Promise<void> {
  sharedStore(ctx, 'scan --queue')
  const timing = timingFromEnv()
  const batchSize = intFlag('--batch-size', flags.batchSize)
  const { queueScan } = await import('../../services/queue')
  const { parseCropStyle } = await import('../../services/fields')
  let cropStyle
  try {
    cropStyle = parseCropStyle(flags.cropStyle)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const q = await queueScan(ctx.ctx, timing, {
    folder: resolve(folder),
    modelId: flags.model,
    recursive: flags.recursive,
    rescan: flags.rescan,
    tta: flags.tta,
    fields: flags.fields,
    cropStyle,
    batchSize
  })
  // Followed here: the queuing line goes with the progress (standard error); the summary is the output.
  if (flags.wait !== undefined) {
    if (!ctx.json)
      process.stderr.write(
        `Queued scan ${q.scanId} of ${q.folder}: ${q.batches} batch(es) for the workers (leukolens worker)\n`
      )
    return waitScanCommand(ctx, String(q.scanId), flags.out)
  }
  ctx.print(q, () =>
    [
      `Queued scan ${q.scanId} of ${q.folder} with model ${q.modelId} (${q.modelName}): ${q.files} file(s), ${q.batches} batch(es) for the workers, ${q.known} recorded now (classified before, or unreadable)`,
      ...q.skippedFolders.map((f) => `  skipped: ${f.path}: ${f.reason}`),
      `  follow it: leukolens scan --wait ${q.scanId}; work on it: leukolens worker (on any machine that reads the folder)`
    ].join('\n')
  )
}

export async function waitScanCommand(ctx: CliContext, id: string, out?: string): Promise<void> {
  sharedStore(ctx, 'scan --wait')
  const scanId = intFlag('--wait', id)!
  const { waitForQueuedScan } = await import('../../services/queue')
  const { formatQueueProgress } = await import('../../core/queue/follow')
  const { formatSampleResult } = await import('../../core/cells/sample-counts')
  const stop = new AbortController()
  const onSigint = (): void => stop.abort()
  process.once('SIGINT', onSigint)
  let last = ''
  try {
    const r = await waitForQueuedScan(ctx.ctx, scanId, {
      signal: stop.signal,
      onProgress: (p) => {
        const line = formatQueueProgress(p)
        if (line !== last && !ctx.json) process.stderr.write(`${line}\n`)
        last = line
      }
    })
    if (r.progress.status === 'running')
      throw new Error(`stopped following scan ${scanId}; it goes on (${last})`)
    if (r.progress.status === 'failed')
      throw new Error(`scan ${scanId} failed: ${r.progress.error ?? 'a batch failed on every try'}`)
    const files = out ? await writeScanOut(ctx, scanId, out, r.fields) : undefined
    const unit = r.fields ? 'cell' : 'image'
    ctx.print(
      {
        ...r.summary,
        unreadableFiles: r.unreadable,
        result: r.result,
        progress: r.progress,
        csv: files?.csv,
        samplesCsv: files?.samplesCsv
      },
      () =>
        formatScanSummary(
          r.summary,
          r.unreadable,
          formatSampleResult(r.result, unit),
          files && `${files.csv} (summary ${files.samplesCsv})`,
          r.fields ? 'cells' : 'files'
        )
    )
  } finally {
    process.off('SIGINT', onSigint)
  }
}
