import type { Command } from 'commander'
import { UsageError } from '../errors'
import { intFlag } from '../flags'
import { cellsText, differentialText, sampleWorkText, signedText } from '../format/differential'
import type { RegisterCommand } from './register'

const samples = () => import('../../services/samples')

/**
 * `sample show | classify | sign`: a sample's counted differential from the command line. `sample export` and
 * `sample send` (sample-lis.ts) join the same group.
 */
export const registerSample: RegisterCommand = (program, context) => {
  const sample =
    program.commands.find((c) => c.name() === 'sample') ??
    program
      .command('sample')
      .description(
        "A sample's counted differential: show, classify cells, sign, export or send it to the LIS"
      )
  sample
    .command('list')
    .description(
      'The samples of the newest scans: count toward the target, flagged cells not reviewed, signed state, and whether each can be signed or why not'
    )
    .option('--waiting', 'only the samples not signed yet, or changed since they were signed')
    .option('--scans <n>', 'how many of the newest scans to look through (default 20)')
    .action(async (flags: { waiting?: boolean; scans?: string }, cmd: Command) => {
      const ctx = context(cmd)
      const waiting = flags.waiting === true
      const list = await ctx.call('sample:list', { waiting, scans: intFlag('--scans', flags.scans) })
      ctx.print(list, () => sampleWorkText(list, waiting))
    })
  sample
    .command('show')
    .description(
      "Each sample's count toward its target (setting differentialTarget), per class share with its 95% Wilson interval, and whether it can be signed"
    )
    .argument('<scan>', 'scan id')
    .option('--sample <id>', 'only this sample')
    .option('--cells', "list the sample's cells, as `sample classify --cell` names them (needs --sample)")
    .action(async (scan: string, flags: { sample?: string; cells?: boolean }, cmd: Command) => {
      if (flags.cells && flags.sample === undefined)
        throw new UsageError('--cells lists one sample: give --sample ID')
      const ctx = context(cmd)
      const scanId = intFlag('SCAN', scan)!
      const views = await ctx.call('sample:differential', { scanId, sample: flags.sample })
      const cells = flags.cells
        ? await (await samples()).cellsOfScanSample(ctx.ctx, { scanId, sample: flags.sample! })
        : undefined
      ctx.print(cells ? { samples: views, cells } : views, () =>
        [
          views.length ? views.map(differentialText).join('\n\n') : `scan ${scanId} has no classified cell`,
          cells && `\nCells of sample ${flags.sample}:\n${cellsText(cells)}`
        ]
          .filter(Boolean)
          .join('\n')
      )
    })
  sample
    .command('classify')
    .description("Give cells of a scan a person's class: they then count toward the sample's differential")
    .argument('<scan>', 'scan id')
    .requiredOption(
      '--cell <cell...>',
      'the cells: SHA-256 prefix (as `sample show --cells` prints), image path, or FIELD:N for cell N of a whole field'
    )
    .requiredOption(
      '--class <class>',
      'one of the model\'s classes, or "unidentified" for a cell nobody can name'
    )
    .option('--note <text>', 'why (optional)')
    .option('--reviewer <name>', 'who classifies (default: $LEUKOLENS_REVIEWER, else the reviewer setting)')
    .action(
      async (
        scan: string,
        flags: { cell: string[]; class: string; note?: string; reviewer?: string },
        cmd: Command
      ) => {
        const ctx = context(cmd, { reviewer: flags.reviewer })
        const r = await (
          await samples()
        ).classifyCells(ctx.ctx, {
          scanId: intFlag('SCAN', scan)!,
          cells: flags.cell,
          label: flags.class,
          note: flags.note
        })
        ctx.print(r, () =>
          r
            .map(
              ({ cell, review }) =>
                `${cell.sha256.slice(0, 12)} (sample ${cell.sample}): ${review.label} by ${review.reviewer}`
            )
            .join('\n')
        )
      }
    )
  sample
    .command('sign')
    .description(
      "Sign a sample's differential: it is frozen as signed; signing again after reviews changed it makes a corrected result"
    )
    .argument('<scan>', 'scan id')
    .requiredOption('--sample <id>', 'the sample')
    .option('--reason <text>', 'why the count stops short of its target (e.g. "too few cells on the slide")')
    .option('--reviewer <name>', 'who signs (default: $LEUKOLENS_REVIEWER, else the reviewer setting)')
    .addHelpText(
      'after',
      `
Refused, with every reason, while the count is short of its target and no --reason says why, while a flagged cell
is not reviewed, or while a rejected QC run is not acknowledged. Each signature is an entry of the audit log.`
    )
    .action(
      async (scan: string, flags: { sample: string; reason?: string; reviewer?: string }, cmd: Command) => {
        const ctx = context(cmd, { reviewer: flags.reviewer })
        const r = await ctx.call('sample:sign', {
          scanId: intFlag('SCAN', scan)!,
          sample: flags.sample,
          reason: flags.reason
        })
        ctx.print(r, () => `Signed sample ${r.sample} of scan ${r.scanId}: ${signedText(r)}`)
      }
    )
}
