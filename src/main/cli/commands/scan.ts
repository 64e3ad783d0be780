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
}

export function formatScanSummary(s: ScanSummary, unreadable: UnreadableFile[], csv?: string): string {
  const counts = Object.entries(s.countsByClass)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ')
  return [
    `${s.cancelled ? 'Cancelled' : 'Finished'} scan ${s.scanId} of ${s.folder} with model ${s.modelId} on ${s.backend}`,
    `  ${s.files} files: ${s.computed} classified now (${s.rate.toFixed(1)} images/s), ${s.reused} already known, ${s.duplicates} duplicate(s) of another file, ${s.unreadable} unreadable`,
    `  per class: ${counts || 'none'}; flagged for review: ${s.flagged}`,
    `  ${s.unfamiliar} of ${s.files - s.unreadable} images look unlike this model's training data (flagged whatever their confidence)`,
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
    .option('--flag-threshold <p>', 'flag results with confidence below this (default: the setting when set, else the model version\'s validation-chosen operating point, else 0.80)')
    .option('--batch-size <n>', 'images per worker batch (default 8)')
    .option('--workers <n>', 'extraction workers (default: one per core on wasm)')
    .option('--backend <name>', BACKEND_FLAG_HELP)
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

function parseOrUsage<T>(f: () => T): T {
  try {
    return f()
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}
