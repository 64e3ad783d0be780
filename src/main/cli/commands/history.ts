import type { Command } from 'commander'
import { resolve } from 'node:path'
import type { HistoryFilter, HistoryRow } from '../../../shared/types/scan'
import type { PredictionPage, ScanSummary } from '../../../shared/contract'
import { formatTable } from '../table'
import { scanActivity } from '../../../shared/format/scan-activity'
import { UsageError } from '../errors'
import type { RegisterCommand } from './register'
import { intFlag } from '../flags'

interface HistoryFlags {
  from?: string
  to?: string
  folder?: string
  predicted?: string
  model?: string
  flagged?: boolean
  reviewed?: boolean
  scan?: string
  limit?: string
  out?: string
  scans?: boolean
  count?: boolean
}

/** A stored ISO time as the terminal shows it: to the second, marked UTC (what the database keeps). */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

/**
 * How many rows are listed and, when `--limit` cut the list, how many match: exact, or (the count having stopped a
 * little past the listed rows) "more than" a round number, with how to count them all.
 */
export function countLine(shown: number, page: { total: number; totalExact: boolean }): string {
  const n = (x: number): string => x.toLocaleString('en-US')
  if (page.totalExact && page.total <= shown) return `${shown} result${shown === 1 ? '' : 's'}`
  if (page.totalExact) return `${n(shown)} of ${n(page.total)} results (--limit)`
  return `${n(shown)} shown; more than ${n(page.total)} match (--count counts them all)`
}

function formatRows(rows: HistoryRow[], page: { total: number; totalExact: boolean }): string {
  if (!rows.length) return 'No results match.'
  const table = rows.map((r) => {
    const p = r.prediction
    // Why a flagged answer needs a look: unlike the training images, or not sure enough (the reason is in --json).
    const flag = p.ood ? 'ODD' : p.flagged ? 'FLAG' : ''
    // A cell of a whole field is named by its field and number (the scan CSV's and overlays'), not its crop file.
    const image = r.field ? `${r.field.path} cell ${r.field.cell}` : r.path
    return [
      utcTime(p.scannedAt),
      p.predicted,
      `${(100 * p.confidence).toFixed(1)}%`,
      flag,
      r.review ? `${r.review.label} (${r.review.reviewer})` : '',
      r.sha256.slice(0, 12),
      image
    ]
  })
  const legend = rows.some((r) => r.prediction.flagged)
    ? "\nFLAG: flagged for review (confidence below the threshold); ODD: unlike the model's training images, flagged whatever its confidence"
    : ''
  return `${formatTable(['scanned', 'class', 'conf.', 'flag', 'reviewed', 'sha256', 'image'], table)}\n${countLine(rows.length, page)}${legend}`
}

function formatScans(scans: ScanSummary[]): string {
  if (!scans.length) return 'No scans yet.'
  return formatTable(
    [
      'scan',
      'started',
      'status',
      'images',
      'flagged',
      'reviewed',
      'unreadable',
      'per class',
      'model',
      'folder'
    ],
    scans.map((s) => [
      String(s.id),
      utcTime(s.startedAt),
      scanActivity(s),
      s.cells ? `${s.cells} cells` : String(s.files),
      String(s.flagged),
      String(s.reviewed),
      String(s.unreadable),
      Object.entries(s.countsByClass)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ') || '-',
      s.modelId,
      s.folder
    ])
  )
}

export const registerHistory: RegisterCommand = (program, context) => {
  program
    .command('history')
    .description('List or export past predictions, filtered')
    .option('--from <date>', 'scanned on or after (YYYY-MM-DD or ISO date-time, UTC)')
    .option('--to <date>', 'scanned on or before (a bare date includes that whole day)')
    .option('--folder <dir>', 'files under this folder')
    .option('--predicted <class>', 'predicted class')
    .option('--model <id>', 'model version')
    .option('--flagged', 'only results flagged for review')
    .option('--no-flagged', 'only results not flagged')
    .option('--reviewed', 'only images a person has reviewed')
    .option('--no-reviewed', 'only images nobody has reviewed')
    .option('--scan <id>', 'one scan')
    .option('--limit <n>', 'at most this many rows')
    .option(
      '--count',
      'with --limit: count every match exactly (else the count stops a little past the rows)'
    )
    .option('--out <file.csv>', 'write the rows as CSV instead of listing them')
    .option('--scans', 'list the scans instead')
    .action(async (flags: HistoryFlags, cmd: Command) => {
      const ctx = context(cmd)
      if (flags.scans) {
        const scans = await (
          await import('../../services/scans')
        ).listScanSummaries(ctx.ctx, intFlag('--limit', flags.limit) ?? 50)
        ctx.print(scans, () => formatScans(scans))
        return
      }
      const filter: HistoryFilter = {
        from: flags.from,
        to: flags.to,
        folder: flags.folder === undefined ? undefined : resolve(flags.folder),
        predicted: flags.predicted,
        modelId: flags.model,
        flagged: flags.flagged,
        reviewed: flags.reviewed,
        scanId: intFlag('--scan', flags.scan),
        limit: intFlag('--limit', flags.limit)
      }
      let page: PredictionPage
      try {
        page = await ctx.call('predictions:query', { ...filter, countAll: flags.count })
      } catch (err) {
        // A date that is not one (the history module's RangeError): the user's to fix.
        if ((err as Error).name === 'RangeError') throw new UsageError((err as Error).message)
        throw err
      }
      const rows = page.rows
      if (flags.out) {
        const { exportPredictions } = await import('../../services/scans')
        const file = await exportPredictions(
          ctx.ctx,
          { filter, file: resolve(flags.out) },
          { keepPaging: true }
        )
        ctx.print({ file, rows: rows.length }, () => `${rows.length} rows written to ${file}`)
        return
      }
      ctx.print(rows, () => formatRows(rows, page))
    })
}
