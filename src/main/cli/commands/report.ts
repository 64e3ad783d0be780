import type { Command } from 'commander'
import { resolve } from 'node:path'
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
      const { listScanSummaries, writeReportFile } = {
        ...(await import('../../services/scans')),
        ...(await import('../../services/scanning'))
      }
      const id = flags.scan === undefined ? listScanSummaries(ctx.ctx, 1)[0]?.id : Number(flags.scan)
      if (id === undefined) throw new UsageError('no scans yet: run `leukolens scan FOLDER` first')
      if (!Number.isInteger(id))
        throw new UsageError(`no scan "${flags.scan}" (see \`leukolens history --scans\`)`)
      const file = resolve(flags.out)
      const d = await writeReportFile(ctx.ctx, id, file)
      const flagged = d.flagged.length + d.flaggedNotShown
      ctx.print(
        {
          file,
          scanId: id,
          files: d.files,
          flagged,
          reviews: d.reviews.length,
          unreadable: d.unreadable.length
        },
        () =>
          `Report of scan ${id} (${d.files} files, ${flagged} flagged, ${d.reviews.length} reviews) written to ${file}`
      )
    })
}
