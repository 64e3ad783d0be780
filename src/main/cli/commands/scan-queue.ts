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
  const scanId = intFlag('--wait', id)!
  // A scan that runs as one process is followed on whichever database holds it (another process here, or another
  // workstation sharing the database); a queued one lives on the shared database.
  const { getScan } = await import('../../core/db/queries/scans')
  const scan = await getScan(ctx.ctx.store.k, scanId)
  if (scan && !scan.queued) return waitPlainScan(ctx, scanId, out)
  sharedStore(ctx, 'scan --wait')
  const { waitForQueuedScan } = await import('../../services/queue')
  const { formatQueueProgress, queuedScanFailure } = await import('../../core/queue/follow')
  const { formatSampleResult } = await import('../../core/cells/sample-counts')
  await following(ctx, formatQueueProgress, async (signal, onProgress, last) => {
    const r = await waitForQueuedScan(ctx.ctx, scanId, { signal, onProgress })
    if (r.progress.status === 'running')
      throw new Error(`stopped following scan ${scanId}; it goes on (${last()})`)
    if (r.progress.status === 'failed') throw new Error(queuedScanFailure(r.progress))
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
  })
}

/**
 * Follows a scan until `follow` returns — each new progress line on standard error (not with --json), Ctrl-C
 * ending the following (not the scan); `last()` is the latest line.
 */
async function following<P>(
  ctx: CliContext,
  format: (p: P) => string,
  follow: (signal: AbortSignal, onProgress: (p: P) => void, last: () => string) => Promise<void>
): Promise<void> {
  const stop = new AbortController()
  const onSigint = (): void => stop.abort()
  process.once('SIGINT', onSigint)
  let last = ''
  try {
    await follow(
      stop.signal,
      (p) => {
        const line = format(p)
        if (line !== last && !ctx.json) process.stderr.write(`${line}\n`)
        last = line
      },
      () => last
    )
  } finally {
    process.off('SIGINT', onSigint)
  }
}

/**
 * A scan running as one process, here or on another workstation: followed until it ends (then its counts, and
 * --out), or until it stops showing signs of life — an error naming the machine it stopped on.
 */
async function waitPlainScan(ctx: CliContext, scanId: number, out?: string): Promise<void> {
  const { watchScan, formatScanWatch } = await import('../../core/scan/watch')
  const { summarizeScan } = await import('../../services/scans')
  await following(ctx, formatScanWatch, async (signal, onProgress, last) => {
    const w = await watchScan(ctx.ctx.store, scanId, { signal, onProgress })
    if (w.alive) throw new Error(`stopped following scan ${scanId}; it goes on (${last()})`)
    if (w.scan.status === 'running') throw new Error(formatScanWatch(w))
    const summary = await summarizeScan(ctx.ctx, w.scan)
    const files = out ? await writeScanOut(ctx, scanId, out, summary.cells > 0) : undefined
    const classes = Object.entries(summary.countsByClass).map(([c, n]) => `${c} ${n}`)
    ctx.print({ ...summary, csv: files?.csv, samplesCsv: files?.samplesCsv }, () =>
      [
        `Scan ${scanId} of ${summary.folder} ${summary.status}${summary.host ? ` (on ${summary.host})` : ''}: ${summary.files} file(s), ${summary.unreadable} unreadable, ${summary.flagged} flagged for review; per class: ${classes.join(', ') || 'none'}`,
        files ? `  results written to ${files.csv} (summary ${files.samplesCsv})` : ''
      ]
        .filter(Boolean)
        .join('\n')
    )
  })
}
