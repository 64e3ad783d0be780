import type { Command } from 'commander'
import type { RegisterCommand } from './register'

export const registerDatasets: RegisterCommand = (program, context) => {
  const group = program.command('datasets').description('List, show and delete imported datasets')

  group
    .command('list')
    .description('List datasets with their image, class and subject counts')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const items = await ctx.call('datasets:list')
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
      const { samples: _samples, ...d } = await ctx.call('datasets:get', { name })
      const { formatClasses, formatMapping, formatSplitOrNot } = await import('./format-dataset')
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
      const { dataset, imagesRemoved } = await (
        await import('../../services/datasets')
      ).removeDataset(await ctx.gated('datasets:delete'), name)
      ctx.print(
        { deleted: dataset, imagesRemoved },
        () =>
          `Deleted dataset "${dataset}" (${imagesRemoved} image record(s) no longer used were removed; files on disk untouched)`
      )
    })
}
