import type { Command } from 'commander'
import { deleteDataset } from '../../core/db/queries/datasets'
import { datasetDetails, listDatasetItems, requireDataset } from '../../core/import/dataset-info'
import { ImportError } from '../../core/import/files'
import { formatSplitTable } from '../../core/splits/report'
import { UsageError } from '../index'
import type { CliContext } from '../context'
import type { RegisterCommand } from './index'
import { formatClasses } from './format-dataset'

function findDataset(ctx: CliContext, name: string): ReturnType<typeof requireDataset> {
  try {
    return requireDataset(ctx.db, name)
  } catch (err) {
    if (err instanceof ImportError) throw new UsageError(err.message)
    throw err
  }
}

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
    .action((name: string, _opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const d = datasetDetails(ctx.db, findDataset(ctx, name))
      ctx.print(d, () =>
        [
          `${d.name} (${d.layout}) from ${d.root}, imported ${d.createdAt}`,
          `${d.images} image(s), ${d.labelled} labelled${d.subjects ? `, ${d.subjects} subject(s)` : ''}; ${d.duplicateFiles} duplicate file(s) stored once`,
          `formats: ${Object.entries(d.formats)
            .map(([f, n]) => `${f} ${n}`)
            .join(', ')}`,
          ...(Object.keys(d.classMapping).length
            ? [
                `class mapping: ${Object.entries(d.classMapping)
                  .map(([k, v]) => `${k}→${v}`)
                  .join(', ')}`
              ]
            : []),
          formatClasses(d.classes),
          d.split ? formatSplitTable(d.split) : 'not split (run `leukolens split`)'
        ].join('\n')
      )
    })

  group
    .command('delete')
    .description(
      'Delete a dataset, its split and the images no other dataset uses (image files are not touched)'
    )
    .argument('<name>', 'dataset name')
    .action((name: string, _opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const d = findDataset(ctx, name)
      const result = deleteDataset(ctx.db, d.id)
      ctx.print(
        { deleted: d.name, ...result },
        () =>
          `Deleted dataset "${d.name}" (${result.imagesRemoved} image record(s) no longer used were removed; files on disk untouched)`
      )
    })
}
