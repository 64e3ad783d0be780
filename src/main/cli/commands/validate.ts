import type { Command } from 'commander'
import { intFlag } from '../flags'
import { formatValidation } from '../format/validation'
import type { RegisterCommand } from './register'

export const registerValidate: RegisterCommand = (program, context) => {
  program
    .command('validate')
    .description("A local validation study: a scan's classes against the lab's reference")
    .requiredOption('--scan <id>', 'the scan to validate')
    .option(
      '--reference <csv>',
      'reference classes: a CSV with a file column (path under the scanned folder, or name) and a class column'
    )
    .option('--reviewed', 'use the classes people gave in review as the reference')
    .option('--counts <csv>', 'a manual differential per sample: a CSV with sample, cells and blasts columns')
    .option('--map <A=B,…>', "class mapping of the reference's names, e.g. Benign=HEM,Early=ALL")
    .option('--blast-class <class>', 'the class counted as blasts (default ALL)')
    .option('--out <report.html>', 'write the study as a printable HTML report')
    .addHelpText(
      'after',
      `
Agreement per class and overall, Cohen's kappa, sensitivity and specificity for blasts (each with its count and
95% interval), and per sample (subject in the file name, else folder) the blast percentage by the model against
the reference, compared by Bland–Altman and Passing–Bablok (at least 3 samples; otherwise withheld and said why).
A whole-field scan's cells have no file names, so their reference is --reviewed. With --counts (the manual
differential of each slide), each sample's blast share over all its classified cells is compared with the manual
count (alone, or with a cell reference).`
    )
    .action(
      async (
        flags: {
          scan: string
          reference?: string
          reviewed?: boolean
          counts?: string
          map?: string
          blastClass?: string
          out?: string
        },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        const { validateScan } = await import('../../services/validation')
        const r = await validateScan(ctx.ctx, {
          scanId: intFlag('--scan', flags.scan)!,
          reference: flags.reference,
          reviewed: flags.reviewed,
          counts: flags.counts,
          map: flags.map,
          blastClass: flags.blastClass,
          out: flags.out
        })
        ctx.print({ ...r.study, header: r.header, file: r.file }, () =>
          formatValidation(r.study, r.header, r.file)
        )
      }
    )
}
