import type { Command } from 'commander'
import { resolve } from 'node:path'
import { UsageError } from '../errors'
import { signOffRefusal } from '../../core/samples/sign-off-gate'
import type { RegisterCommand } from './register'

export const registerReport: RegisterCommand = (program, context) => {
  program
    .command('report')
    .description('Write a printable HTML report of a scan')
    .option('--scan <id>', 'scan id (default: the latest scan)')
    .requiredOption('--out <report.html>', 'file to write')
    .option('--sample-id <id>', "the sample the report is for (default: the scanned folder's name)")
    .option('--operator <name>', 'who ran the sample (default: the reviewer, --reviewer or setting)')
    .addHelpText(
      'after',
      `
One self-contained HTML file (thumbnails embedded, no scripts) that prints well: the model version and its test
metrics and decision threshold, counts per class, the flagged images with thumbnails, the reviewer decisions and
the unreadable files, headed by the sample id, operator and date and ending with a sign-off line — or, while a
sample's result is withheld (too many cells unlike the model's training data: setting unfamiliarLimit) or a
flagged image is unreviewed, "Sign-off not possible" and why. Each flagged image names why it was flagged; all of
them are listed. A whole-field scan (\`scan --fields\`) adds per-sample counts: cells found, unfamiliar cells
apart, each class's count and percentage with its 95% Wilson interval, flagged and reviewed. Open it in a browser
and print, or save as PDF.`
    )
    .action(
      async (flags: { scan?: string; out: string; sampleId?: string; operator?: string }, cmd: Command) => {
        const ctx = context(cmd)
        const { listScanSummaries, writeReportFile } = {
          ...(await import('../../services/scans')),
          ...(await import('../../services/scanning'))
        }
        const id =
          flags.scan === undefined ? (await listScanSummaries(ctx.ctx, 1))[0]?.id : Number(flags.scan)
        if (id === undefined) throw new UsageError('no scans yet: run `leukolens scan FOLDER` first')
        if (!Number.isInteger(id))
          throw new UsageError(`no scan "${flags.scan}" (see \`leukolens history --scans\`)`)
        const file = resolve(flags.out)
        const d = await writeReportFile(ctx.ctx, id, file, {
          sampleId: flags.sampleId,
          operator: flags.operator
        })
        const flagged = d.flagged.length
        ctx.print(
          {
            file,
            scanId: id,
            files: d.files,
            flagged,
            reviews: d.reviews.length,
            unreadable: d.unreadable.length,
            unfamiliar: d.result.unfamiliar,
            result: d.result,
            samples: d.samples,
            signOff: d.signOff,
            drift: d.drift
          },
          () =>
            [
              `Report of scan ${id} (${d.files} files, ${flagged} flagged, ${d.result.unfamiliar} unfamiliar, ${d.reviews.length} reviews) written to ${file}`,
              ...[...(d.samples ?? [d.result])]
                .filter((s) => s.withheld)
                .map((s) => `  sample ${s.sample}: ${s.reason}`),
              d.drift?.message ? `  ${d.drift.message}` : '',
              d.signOff.possible ? '' : `  ${signOffRefusal(d.signOff)}`
            ]
              .filter(Boolean)
              .join('\n')
        )
      }
    )
}
