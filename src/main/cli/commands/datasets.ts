import type { Command } from 'commander'
import { deleteDataset } from '../../core/db/queries/datasets'
import { datasetDetails, listDatasetItems, requireDataset } from '../../core/import/dataset-info'
import type { CliContext } from '../context'
import type { RegisterCommand } from './index'
import { asUsage, formatClasses, formatMapping, formatSplitOrNot } from './format-dataset'

export const findDataset = (ctx: CliContext, name: string) => asUsage(() => requireDataset(ctx.db, name))

export const registerDatasets: RegisterCommand = (program, context) => {
  const group = program.command('datasets').description('List, show and delete imported datasets')

  group
    .command('list')
    .description('List datasets with their image, class and subject counts')
    .action((_opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const items = listDatasetItems(ctx.db)
      ctx.print(items, () =>
        items.length
          ? items
              .map(
                (d) =>
                  `${d.name.padEnd(20)} ${d.layout.padEnd(13)} ${String(d.images).padStart(6)} images  ${d.classes.map((c) => `${c.name} ${c.images}`).join(', ') || 'no labels'}${d.subjects ? `  ${d.subjects} subjects` : ''}`
              )
              .join('\n')
          : 'No datasets yet. Import one with `leukolens import DIR`.'
      )
    })

  group
    .command('show')
    .description('Show one dataset: classes, subjects, formats, duplicates and its split')
    .argument('<name>', 'dataset name')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const d = datasetDetails(ctx.db, await findDataset(ctx, name))
      ctx.print(d, () =>
        [
          `${d.name} (${d.layout}) from ${d.root}, imported ${d.createdAt}`,
          `${d.images} image(s), ${d.labelled} labelled${d.subjects ? `, ${d.subjects} subject(s)` : ''}; ${d.duplicateFiles} duplicate file(s) stored once`,
          `formats: ${Object.entries(d.formats)
            .map(([f, n]) => `${f} ${n}`)
            .join(', ')}`,
          ...formatMapping(d.classMapping),
          formatClasses(d.classes),
          formatSplitOrNot(d.split, d.labelled > 0)
        ].join('\n')
      )
    })

  group
    .command('delete')
    .description(
      'Delete a dataset, its split and the images no other dataset uses (image files are not touched)'
    )
    .argument('<name>', 'dataset name')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const d = await findDataset(ctx, name)
      const result = deleteDataset(ctx.db, d.id)
      ctx.print(
        { deleted: d.name, ...result },
        () =>
          `Deleted dataset "${d.name}" (${result.imagesRemoved} image record(s) no longer used were removed; files on disk untouched)`
      )
    })
}
