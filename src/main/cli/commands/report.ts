import type { Command } from 'commander'
import { resolve } from 'node:path'
import { writeScanReport } from '../../core/report/build'
import { reportModel } from '../../core/scan/model'
import { getScan, listScans } from '../../core/scan/store'
import { UsageError } from '../errors'
import type { RegisterCommand } from './index'

export const registerReport: RegisterCommand = (program, context) => {
  program
    .command('report')
    .description('Write a printable HTML report of a scan')
    .option('--scan <id>', 'scan id (default: the latest scan)')
    .requiredOption('--out <report.html>', 'file to write')
    .addHelpText(
      'after',
      `
One self-contained HTML file (thumbnails embedded, no scripts) that prints well: the model version and its test
metrics and decision threshold, counts per class, the flagged images with thumbnails, the reviewer decisions and
the unreadable files. Open it in a browser and print, or save as PDF.`
    )
    .action(async (flags: { scan?: string; out: string }, cmd: Command) => {
      const ctx = context(cmd)
      const id = flags.scan === undefined ? listScans(ctx.db, 1)[0]?.id : Number(flags.scan)
      if (id === undefined) throw new UsageError('no scans yet: run `leukolens scan FOLDER` first')
      const scan = Number.isInteger(id) ? getScan(ctx.db, id) : undefined
      if (!scan) throw new UsageError(`no scan "${flags.scan}" (see \`leukolens history --scans\`)`)
      const file = resolve(flags.out)
      const d = await writeScanReport(ctx.db, scan.id, reportModel(ctx.db, scan.modelId), file)
      const flagged = d.flagged.length + d.flaggedNotShown
      ctx.print({ file, scanId: scan.id, files: d.files, flagged, reviews: d.reviews.length, unreadable: d.unreadable.length }, () =>
        `Report of scan ${scan.id} (${d.files} files, ${flagged} flagged, ${d.reviews.length} reviews) written to ${file}`
      )
    })
}
