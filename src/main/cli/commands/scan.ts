import { Option, type Command } from 'commander'
import { resolve } from 'node:path'
import type { ScanSummary, UnreadableFile } from '../../../shared/types/scan'
import { parseReviewThreshold } from '../../services/config'
import { terminalProgress } from '../progress-bar'
import { UsageError } from '../errors'
import { CLI_JOB, type CliContext } from '../context'
import type { RegisterCommand } from './register'
import { BACKEND_FLAG_HELP, backendFlag, intFlag, workersFlag } from '../flags'

interface ScanFlags {
  model?: string
  recursive?: boolean
  out?: string
  tta?: boolean
  rescan?: boolean
  reviewThreshold?: string
  /** The older name of --review-threshold, still accepted (hidden from the help). */
  flagThreshold?: string
  batchSize?: string
  workers?: string
  backend?: string
  fields?: boolean
  cropStyle?: string
  queue?: boolean
  /** `--wait ID`, or bare `--wait` with `--queue` (follow the scan just queued). */
  wait?: string | true
}

/**
 * `unit`: what was classified — files of a folder, or the white cells found in whole fields (`--fields`).
 * `result`: the scan as one sample, in words (class percentages without the unfamiliar ones, or why there are none).
 */
export function formatScanSummary(
  s: ScanSummary,
  unreadable: UnreadableFile[],
  result: string,
  csv?: string,
  unit: 'files' | 'cells' = 'files',
  drift?: string
): string {
  const [things, thing, per] = unit === 'cells' ? ['cells', 'cell', 'cells'] : ['files', 'file', 'images']
  return [
    `${s.cancelled ? 'Cancelled' : 'Finished'} scan ${s.scanId} of ${s.folder} with model ${s.modelId} on ${s.backend}`,
    s.continued === 'finished'
      ? `  the same scan as before (same folder, model and options): files it had recorded are kept, new ones added; --rescan makes a new scan record and computes every image again`
      : s.continued === 'unfinished'
        ? `  resumed: scan ${s.scanId} had stopped before finishing; its finished results were kept`
        : '',
    `  ${s.files} ${things}: ${s.computed} classified now (${s.rate.toFixed(1)} ${per}/s), ${s.reused} already known, ${s.duplicates} duplicate(s) of another ${thing}, ${s.unreadable} unreadable`,
    `  ${s.unfamiliar} of ${s.files - s.unreadable} ${per} look unlike this model's training data (flagged whatever their confidence, counted apart)`,
    `  ${result.startsWith('No result') ? result : `result: ${result}`}; flagged for review: ${s.flagged}`,
    drift ? `  ${drift.replace(/^this/, 'This')}` : '',
    `  ${s.seconds.toFixed(1)} s${csv ? `; results written to ${csv}` : ''}`,
    ...s.skippedFolders.map((f) => `  skipped: ${f.path}: ${f.reason}`),
    ...unreadable.slice(0, 20).map((u) => `  unreadable: ${u.path}: ${u.reason}`),
    unreadable.length > 20
      ? `  …and ${unreadable.length - 20} more unreadable files (listed in the report)`
      : ''
  ]
    .filter(Boolean)
    .join('\n')
}

export const registerScan: RegisterCommand = (program, context) => {
  program
    .command('scan')
    .description('Classify every image of a folder and keep each result (resumable)')
    .argument('[folder]', 'folder of cell images (.png .jpg .jpeg .bmp .tif .tiff)')
    .option('--model <id>', 'model version (default: the active one)')
    .option('--recursive', 'include subfolders')
    .option('--out <file.csv>', 'also write the results of this scan as CSV')
    .option('--tta', 'test-time augmentation: average over flips and 90° rotations (8× the work)')
    .option('--rescan', 'a new scan record, computing again images this model version has already classified')
    .option(
      '--review-threshold <p>',
      "flag results with confidence below this (default: $LEUKOLENS_REVIEW_THRESHOLD, else the reviewThreshold setting, else the model version's validation-chosen operating point, else 0.80)"
    )
    .addOption(new Option('--flag-threshold <p>', 'older name of --review-threshold').hideHelp())
    .option('--batch-size <n>', 'images per worker batch (default 8)')
    .option('--workers <n>', 'extraction workers (default: $LEUKOLENS_WORKERS, else one per core on wasm)')
    .option('--backend <name>', BACKEND_FLAG_HELP)
    .option(
      '--fields',
      'the images are whole smear fields: find each white cell, classify each, count per sample'
    )
    .option(
      '--crop-style <style>',
      "with --fields: masked|plain (default: the model version's, set at training)"
    )
    .option(
      '--queue',
      "split the scan into batches on the lab's shared database for workers; prints the scan id"
    )
    .option(
      '--wait [id]',
      'follow a queued scan until it finishes, then print its summary (and write --out); with --queue: the one just queued'
    )
    .addHelpText(
      'after',
      `
Results go to the database batch by batch. A killed or cancelled (Ctrl-C) scan keeps every finished result, and
running the same command again resumes it: files already recorded are skipped, and contents this model version
has classified before (same sha256, any file name) are not computed again unless --rescan. Running a finished scan
again (same folder, model and options) continues the same scan record: new files are added to it; --rescan makes
a new record instead. Files that cannot be read are recorded with the reason. Two classes: the model version's decision threshold picks the class.`
    )
    .action(async (folder: string | undefined, flags: ScanFlags, cmd: Command) => {
      const [name, given] =
        flags.reviewThreshold === undefined
          ? ['--flag-threshold', flags.flagThreshold]
          : ['--review-threshold', flags.reviewThreshold]
      const flagThreshold =
        given === undefined ? undefined : parseOrUsage(() => parseReviewThreshold(given, name))
      const ctx = context(cmd, {
        backend: backendFlag(flags.backend),
        workers: workersFlag(flags.workers),
        reviewThreshold: flagThreshold
      })
      if (flags.queue || flags.wait !== undefined) return queueSide(folder, flags, ctx)
      if (folder === undefined) throw new UsageError('scan: give the folder to scan (or --wait ID)')
      const batchSize = intFlag('--batch-size', flags.batchSize)
      const { scanFolder } = await import('../../services/scanning')
      ctx.onProgress(terminalProgress())
      const sigint = ctx.cancelOnSigint('stopping after the batches in flight (finished results are kept)…')
      if (flags.fields) {
        try {
          await fieldScan(ctx, folder, flags, batchSize)
        } finally {
          sigint.off()
        }
        return
      }
      let result
      try {
        result = await scanFolder(await ctx.gated('scan:start'), {
          jobId: CLI_JOB,
          folder: resolve(folder),
          modelId: flags.model,
          recursive: flags.recursive,
          tta: flags.tta,
          rescan: flags.rescan,
          batchSize
        })
      } finally {
        sigint.off()
      }
      const { summary, modelName, unreadable, result: counts, drift } = result
      const { formatSampleResult } = await import('../../core/cells/sample-counts')
      const { csv, samplesCsv } = flags.out ? await writeScanOut(ctx, summary.scanId, flags.out, false) : {}
      ctx.print(
        { ...summary, modelName, csv, samplesCsv, unreadableFiles: unreadable, result: counts, drift },
        () =>
          formatScanSummary(
            summary,
            unreadable,
            formatSampleResult(counts, 'image'),
            csv && `${csv} (summary ${samplesCsv})`,
            'files',
            drift?.message
          )
      )
    })
}

async function fieldScan(
  ctx: CliContext,
  folder: string,
  flags: ScanFlags,
  batchSize: number | undefined
): Promise<void> {
  const { scanFields, parseCropStyle, earlierFieldScans } = await import('../../services/fields')
  const { formatSampleCounts, formatSampleResult } = await import('../../core/cells/sample-counts')
  const { summary, modelName, unreadable, result, drift } = await scanFields(await ctx.gated('scan:start'), {
    jobId: CLI_JOB,
    folder: resolve(folder),
    modelId: flags.model,
    recursive: flags.recursive,
    tta: flags.tta,
    rescan: flags.rescan,
    batchSize,
    cropStyle: parseOrUsage(() => parseCropStyle(flags.cropStyle))
  })
  const out = flags.out ? await writeScanOut(ctx, summary.scanId, flags.out, true) : undefined
  const csv = out && { cells: out.csv, samples: out.samplesCsv }
  const earlier = await earlierFieldScans(ctx.ctx, summary.scanId)
  ctx.print(
    {
      ...summary,
      modelName,
      csv: csv?.cells,
      samplesCsv: csv?.samples,
      unreadableFiles: unreadable,
      result,
      drift,
      earlierScans: earlier
    },
    () =>
      [
        earlier.length
          ? `scan ${summary.scanId} is a new record of this folder's field scan with this model (earlier: ${earlier.join(', ')}); cells classified before were reused, not computed again`
          : '',
        `${summary.fields} field(s): ${summary.cells} white cell(s) found (crops ${summary.cropStyle}); ` +
          `${summary.fieldsWithoutCells.length} field(s) without a white cell; ${summary.unreadableFields.length} unreadable`,
        ...summary.fieldsWithoutCells.slice(0, 20).map((f) => `  no white cell: ${f}`),
        formatScanSummary(
          { ...summary, files: summary.cells + summary.unreadableFields.length },
          unreadable,
          formatSampleResult(result),
          csv && `${csv.cells} (per-sample summary ${csv.samples})`,
          'cells',
          drift?.message
        ),
        'Per sample (counts follow the review where a cell was reviewed; unfamiliar cells counted apart):',
        formatSampleCounts(summary.samples)
      ]
        .filter(Boolean)
        .join('\n')
  )
}

/**
 * A scan's result files, as `--out` writes them: the per-file (or, for a field scan, per-cell) CSV and the
 * per-sample summary beside it — the same for a scan run here and a queued scan followed to its end.
 */
export async function writeScanOut(
  ctx: CliContext,
  scanId: number,
  out: string,
  fields: boolean
): Promise<{ csv: string; samplesCsv: string }> {
  if (fields) {
    const { exportFieldScanCsv } = await import('../../services/fields')
    const files = await exportFieldScanCsv(ctx.ctx, scanId, out)
    return { csv: files.cells, samplesCsv: files.samples }
  }
  const csv = await ctx.call('predictions:export', { filter: { scanId }, saveToken: ctx.saveTo(out) })
  const { exportSamplesCsv } = await import('../../services/results')
  return { csv, samplesCsv: await exportSamplesCsv(ctx.ctx, scanId, csv) }
}

/** `--queue` and `--wait`: the scan on the shared database's queue (scan-queue.ts). */
async function queueSide(folder: string | undefined, flags: ScanFlags, ctx: CliContext): Promise<void> {
  const { queueScanCommand, waitScanCommand } = await import('./scan-queue')
  if (!flags.queue) {
    if (folder !== undefined || flags.wait === true)
      throw new UsageError('scan --wait ID follows a queued scan: give its id, and no folder')
    const stray = (['tta', 'fields', 'cropStyle', 'rescan'] as const).filter((k) => flags[k] !== undefined)
    if (stray.length)
      throw new UsageError(
        `scan --wait ID follows a scan queued earlier with its own options: ${stray.map(flagName).join(', ')} cannot change them`
      )
    return waitScanCommand(ctx, flags.wait!, flags.out)
  }
  if (folder === undefined) throw new UsageError('scan --queue: give the folder to scan')
  if (typeof flags.wait === 'string')
    throw new UsageError('scan FOLDER --queue --wait follows the scan it queues: give --wait no id')
  if (flags.out !== undefined && flags.wait === undefined)
    throw new UsageError(
      'scan --queue --out needs --wait: the file is written once the workers have finished (or later: scan --wait ID --out FILE)'
    )
  if (flags.cropStyle !== undefined && !flags.fields)
    throw new UsageError('--crop-style applies to a field scan: give --fields with it')
  return queueScanCommand(ctx, folder, flags)
}

const flagName = (k: string): string => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

function parseOrUsage<T>(f: () => T): T {
  try {
    return f()
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}
