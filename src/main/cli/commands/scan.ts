import type { Command } from 'commander'
import { resolve } from 'node:path'
import type { ScanSummary, UnreadableFile } from '../../../shared/types/scan'
import { writeHistoryCsv } from '../../core/report/csv'
import { ScanFolderError } from '../../core/scan/files'
import { queryHistory } from '../../core/scan/history'
import { UnknownModelError } from '../../core/engine/models/registry'
import { loadScanModel } from '../../core/scan/model'
import { runScan, startMainThreadBackend } from '../../core/scan/run'
import { unreadableFiles } from '../../core/scan/store'
import { FLAG_THRESHOLD_KEY, getFlagThreshold, getSetting, parseFlagThreshold, setSetting } from '../../core/scan/settings'
import { terminalProgress } from '../progress-bar'
import { UsageError } from '../index'
import type { RegisterCommand } from './index'
import { BACKEND_FLAG_HELP, backendFlag, intFlag } from '../flags'
import type { CliContext } from '../context'
import type { BackendName } from '../../../shared/types/engine'
import { CROP_STYLES, type CropStyle } from '../../core/cells/crop'
import { formatSampleCounts } from '../../core/cells/sample-counts'
import { fieldCellsOfScan } from '../../core/db/queries/field-cells'
import { writeFieldHistoryCsv } from '../../core/report/field-csv'
import { runFieldScan } from '../../core/scan/fields'
import type { ScanModel } from '../../core/scan/run'

interface ScanFlags {
  model?: string
  recursive?: boolean
  out?: string
  tta?: boolean
  rescan?: boolean
  flagThreshold?: string
  batchSize?: string
  workers?: string
  backend?: string
  fields?: boolean
  cropStyle?: string
}

export function formatScanSummary(s: ScanSummary, unreadable: UnreadableFile[], csv?: string): string {
  const counts = Object.entries(s.countsByClass)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ')
  return [
    `${s.cancelled ? 'Cancelled' : 'Finished'} scan ${s.scanId} of ${s.folder} with model ${s.modelId} on ${s.backend}`,
    `  ${s.files} files: ${s.computed} classified now (${s.rate.toFixed(1)} images/s), ${s.reused} already known, ${s.duplicates} duplicate(s) of another file, ${s.unreadable} unreadable`,
    `  per class: ${counts || 'none'}; flagged for review: ${s.flagged}`,
    `  ${s.seconds.toFixed(1)} s${csv ? `; results written to ${csv}` : ''}`,
    ...unreadable.slice(0, 20).map((u) => `  unreadable: ${u.path}: ${u.reason}`),
    unreadable.length > 20 ? `  …and ${unreadable.length - 20} more unreadable files (listed in the report)` : ''
  ]
    .filter(Boolean)
    .join('\n')
}

export const registerScan: RegisterCommand = (program, context) => {
  program
    .command('scan')
    .description('Classify every image of a folder and keep each result (resumable)')
    .argument('<folder>', 'folder of cell images (.png .jpg .jpeg .bmp .tif .tiff)')
    .option('--model <id>', 'model version (default: the active one)')
    .option('--recursive', 'include subfolders')
    .option('--out <file.csv>', 'also write the results of this scan as CSV')
    .option('--tta', 'test-time augmentation: average over flips and 90° rotations (8× the work)')
    .option('--rescan', 'compute again images this model version has already classified')
    .option('--flag-threshold <p>', 'flag results with confidence below this (default: the setting, 0.80)')
    .option('--batch-size <n>', 'images per worker batch (default 8)')
    .option('--workers <n>', 'extraction workers (default: one per core on wasm)')
    .option('--backend <name>', BACKEND_FLAG_HELP)
    .option('--fields', 'the images are whole smear fields: find each white cell, classify each cell, count per sample')
    .option('--crop-style <style>', 'with --fields: masked|plain (default: the model version\'s, set at training)')
    .addHelpText(
      'after',
      `
Results go to the database batch by batch. A killed or cancelled (Ctrl-C) scan keeps every finished result, and
running the same command again resumes it: files already recorded are skipped, and contents this model version
has classified before (same sha256, any file name) are not computed again unless --rescan. Files that cannot be
read are recorded with the reason. Two classes: the model version's decision threshold picks the class.`
    )
    .action(async (folder: string, flags: ScanFlags, cmd: Command) => {
      const ctx = context(cmd)
      const flagThreshold =
        flags.flagThreshold === undefined ? undefined : parseOrUsage(() => parseFlagThreshold(flags.flagThreshold!, '--flag-threshold'))
      const backend = backendFlag(flags.backend)
      await startMainThreadBackend(backend)
      const { model, version } = await loadScanModel(ctx.db, ctx.dirs, flags.model).catch((err: Error) => {
        throw err instanceof UnknownModelError ? new UsageError(err.message) : err
      })
      const controller = new AbortController()
      const onSigint = (): void => {
        process.stderr.write('\nstopping after the batches in flight (finished results are kept)…\n')
        controller.abort()
      }
      process.once('SIGINT', onSigint)
      if (flags.fields) {
        try {
          await fieldScan(ctx, model, folder, flags, flagThreshold, backend, controller.signal)
        } catch (err) {
          if (err instanceof ScanFolderError) throw new UsageError(err.message)
          throw err
        } finally {
          process.off('SIGINT', onSigint)
          model.head.dispose()
        }
        return
      }
      let summary: ScanSummary
      try {
        summary = await runScan(ctx.db, ctx.dirs, model, {
          folder: resolve(folder),
          recursive: flags.recursive,
          tta: flags.tta,
          rescan: flags.rescan,
          flagThreshold,
          batchSize: intFlag('--batch-size', flags.batchSize),
          workers: intFlag('--workers', flags.workers),
          backend,
          onProgress: terminalProgress(),
          signal: controller.signal
        })
      } catch (err) {
        if (err instanceof ScanFolderError) throw new UsageError(err.message)
        throw err
      } finally {
        process.off('SIGINT', onSigint)
        model.head.dispose()
      }
      let csv: string | undefined
      if (flags.out) {
        csv = resolve(flags.out)
        writeHistoryCsv(csv, queryHistory(ctx.db, { scanId: summary.scanId }))
      }
      const unreadable = unreadableFiles(ctx.db, summary.scanId)
      ctx.print({ ...summary, modelName: version.name, csv, unreadableFiles: unreadable }, () =>
        formatScanSummary(summary, unreadable, csv)
      )
    })

  program
    .command('settings')
    .description('Show or change a setting (scan.flagThreshold: confidence below which results are flagged)')
    .argument('[key]', 'setting name')
    .argument('[value]', 'new value')
    .action((key: string | undefined, value: string | undefined, _flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const known = [FLAG_THRESHOLD_KEY]
      if (key !== undefined && !known.includes(key)) throw new UsageError(`unknown setting "${key}" (known: ${known.join(', ')})`)
      if (key !== undefined && value !== undefined) {
        setSetting(ctx.db, key, String(parseOrUsage(() => parseFlagThreshold(value, key))))
      }
      const all = { [FLAG_THRESHOLD_KEY]: getFlagThreshold(ctx.db) }
      ctx.print(all, () =>
        Object.entries(all)
          .map(([k, v]) => `${k} = ${v}${getSetting(ctx.db, k) === undefined ? ' (default)' : ''}`)
          .join('\n')
      )
    })
}

async function fieldScan(
  ctx: CliContext,
  model: ScanModel,
  folder: string,
  flags: ScanFlags,
  flagThreshold: number | undefined,
  backend: BackendName | undefined,
  signal: AbortSignal
): Promise<void> {
  if (flags.cropStyle !== undefined && !(CROP_STYLES as readonly string[]).includes(flags.cropStyle))
    throw new UsageError(`invalid --crop-style "${flags.cropStyle}": expected ${CROP_STYLES.join(' or ')}`)
  const cropStyle = (flags.cropStyle as CropStyle | undefined) ?? model.preprocessing.cropStyle ?? 'masked'
  const summary = await runFieldScan(ctx.db, ctx.dirs, model, {
    folder: resolve(folder),
    recursive: flags.recursive,
    tta: flags.tta,
    rescan: flags.rescan,
    flagThreshold,
    batchSize: intFlag('--batch-size', flags.batchSize),
    workers: intFlag('--workers', flags.workers),
    backend,
    cropStyle,
    onProgress: terminalProgress(),
    signal
  })
  let csv: string | undefined
  if (flags.out) {
    csv = resolve(flags.out)
    writeFieldHistoryCsv(csv, queryHistory(ctx.db, { scanId: summary.scanId }), fieldCellsOfScan(ctx.db, summary.scanId))
  }
  const unreadable = unreadableFiles(ctx.db, summary.scanId)
  ctx.print({ ...summary, csv, unreadableFiles: unreadable }, () =>
    [
      `${summary.fields} field(s): ${summary.cells} white cell(s) found (crops ${summary.cropStyle}); ` +
        `${summary.fieldsWithoutCells.length} field(s) without a white cell; ${summary.unreadableFields.length} unreadable`,
      ...summary.fieldsWithoutCells.slice(0, 20).map((f) => `  no white cell: ${f}`),
      formatScanSummary({ ...summary, files: summary.cells + summary.unreadableFields.length }, unreadable, csv),
      'Per sample (counts follow reviews where a cell was reviewed):',
      formatSampleCounts(summary.samples)
    ].join('\n')
  )
}

function parseOrUsage<T>(f: () => T): T {
  try {
    return f()
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}
