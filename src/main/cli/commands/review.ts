import type { Command } from 'commander'
import { UsageError } from '../errors'
import type { RegisterCommand } from './register'
import { intFlag } from '../flags'

const reviews = () => import('../../services/review')

export const registerReview: RegisterCommand = (program, context) => {
  const review = program
    .command('review')
    .description('Confirm or correct a prediction (append-only audit log)')
    .argument(
      '[image]',
      'the image: its file path, its SHA-256 or the first characters of it (history prints 12), or a whole field'
    )
    .option('--label <class>', 'the label the reviewer gives the image (any case: hem is HEM)')
    .option(
      '--cell <n>',
      'for a whole field: which of its white cells (the number in the scan CSV and overlays)'
    )
    .option('--note <text>', 'why (optional)')
    .option(
      '--seen <entry>',
      'the decision you saw: its entry number in `review log`, or none; a newer one is named and yours is not stored'
    )
    .option(
      '--reviewer <name>',
      'who reviews (default: $LEUKOLENS_REVIEWER, else the reviewer setting, else the login name)'
    )
    .addHelpText(
      'after',
      `
Every review is a new entry in the audit log (who, when, old label → new label, note); nothing edits or deletes
an entry, and the current label of an image is its newest review. A whole field scanned with \`scan --fields\`
is reviewed cell by cell: \`review FIELD.jpg\` lists its cells, \`--cell N\` picks one. Subcommands:
  leukolens review log [IMAGE]                         the audit log (of one image)
  leukolens review verify                              check the log's hash chain (exit 1 when broken)
  leukolens review add-to-dataset --dataset NAME [--scan ID] [--create]
                                                      reviewed images into a dataset with their reviewed labels`
    )
    .action(
      async (
        image: string | undefined,
        flags: { label?: string; note?: string; reviewer?: string; cell?: string; seen?: string },
        cmd: Command
      ) => {
        if (!image)
          throw new UsageError(
            'name the image to review (path, SHA-256 or its first characters), or use `review log` / `review add-to-dataset`'
          )
        const cell = intFlag('--cell', flags.cell)
        const seenEntryId = flags.seen === 'none' ? null : intFlag('--seen', flags.seen)
        const ctx = context(cmd, { reviewer: flags.reviewer })
        const r = await reviews()
        if (!flags.label) {
          // A whole field without a label: which cells it has, to pick one.
          const cells = await r.cellsOfImage(ctx.ctx, image)
          if (!cells.length) throw new UsageError('review: --label <class> is required')
          ctx.print(cells, () =>
            [
              `${image}: a whole field, ${cells.length} white cell(s) in scan ${cells[0].scanId}; review one with --cell N --label CLASS`,
              ...cells.map((c) => `  ${r.describeCell(c)}`)
            ].join('\n')
          )
          return
        }
        const target = await r.reviewTarget(ctx.ctx, image, cell)
        const e = await r.reviewImage(ctx.ctx, {
          sha256: target.sha256,
          label: flags.label,
          note: flags.note,
          seenEntryId
        })
        const what = target.cell === undefined ? '' : ` (cell ${target.cell} of ${image})`
        ctx.print(
          { ...e, cell: target.cell },
          () =>
            `Reviewed ${target.sha256.slice(0, 12)}${what}: ${e.oldLabel ?? '(no prediction)'} → ${e.newLabel} by ${e.reviewer}${e.note ? ` (${e.note})` : ''}`
        )
      }
    )

  review
    .command('log')
    .description('Show the review audit log, oldest first')
    .argument('[image]', 'only this image (sha256 or path)')
    .action(async (image: string | undefined, _flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const entries = await (await reviews()).reviewEntries(ctx.ctx, image)
      ctx.print(entries, () =>
        entries.length
          ? entries
              .map(
                (e) =>
                  `#${e.id}  ${e.createdAt}  ${e.reviewer}  ${e.sha256.slice(0, 12)}  ${e.oldLabel ?? '—'} → ${e.newLabel}${e.note ? `  "${e.note}"` : ''}`
              )
              .join('\n')
          : 'No reviews yet.'
      )
    })

  review
    .command('verify')
    .description(
      "Check the audit log's hash chain: names the first entry that was edited, removed or inserted out of order"
    )
    .action(async (_flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const { verifyReviewChain } = await import('../../services/audit')
      const r = await verifyReviewChain(ctx.ctx)
      ctx.print(r, () =>
        r.ok
          ? `Audit log intact: ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}, last hash ${r.lastHash}`
          : `Audit log BROKEN at entry ${r.broken!.id}: ${r.broken!.reason}`
      )
      if (!r.ok)
        throw new Error(
          `the review audit log does not verify from entry ${r.broken!.id} on; restore a backup (\`leukolens db backup\`) or keep this copy as evidence`
        )
    })

  review
    .command('add-to-dataset')
    .description('Add reviewed images to a dataset with their reviewed labels (for the next training)')
    .requiredOption('--dataset <name>', 'dataset to add to')
    .option('--scan <id>', 'only images of this scan')
    .option('--create', 'create the dataset when it does not exist')
    .action(async (flags: { dataset: string; scan?: string; create?: boolean }, cmd: Command) => {
      const ctx = context(cmd)
      const scanId = intFlag('--scan', flags.scan)
      // The same call as the app's: new images are placed in the dataset's split at once (existing ones keep theirs).
      const r = await (
        await reviews()
      ).addReviewedImages(await ctx.gated('review:toDataset'), {
        dataset: flags.dataset,
        scanId,
        create: flags.create
      })
      ctx.print(r, () =>
        [
          `${r.created ? 'Created' : 'Updated'} dataset ${r.dataset}: ${r.added} added, ${r.relabelled} relabelled, ${r.unchanged} already so`,
          ...r.skipped.map((s) => `  skipped ${s.path ?? s.sha256}: ${s.reason}`),
          r.split &&
            `Split: ${r.split.splits.map((s) => `${s.split} ${s.images}`).join(', ')}${r.split.warnings.map((w) => `\n  note: ${w}`).join('')}`
        ]
          .filter(Boolean)
          .join('\n')
      )
    })
}
