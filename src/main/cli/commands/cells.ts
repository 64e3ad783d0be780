import type { Command } from 'commander'
import { UsageError } from '../errors'
import { decimalNumber } from '../../../shared/decimal'
import type { RegisterCommand } from './register'

function positive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = decimalNumber(text)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`invalid ${flag} "${text}": expected a number > 0`)
  return n
}

export const registerCells: RegisterCommand = (program, context) => {
  program
    .command('cells')
    .description('find the white cells in whole smear fields (no classification)')
    .argument('<inputs...>', 'image files or folders of fields')
    .option('--recursive', 'also look in subfolders')
    .option('--out <cells.csv>', 'CSV: path,cell,x,y,width,height,area_px,score, then the field and scale')
    .option('--overlay <dir>', 'write each field as a PNG with its boxes drawn')
    .option('--um-per-px <n>', 'micrometres per pixel (default: measured from the red cells, 7.5 µm across)')
    .option('--red-cell-px <n>', 'red-cell diameter in pixels (default: measured)')
    .action(
      async (
        inputs: string[],
        flags: { recursive?: boolean; out?: string; overlay?: string; umPerPx?: string; redCellPx?: string },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        // Loaded when the command runs: the finder pulls in sharp and the image decoders, which other commands'
        // start-up must not pay for.
        const { findCellsInFields } = await import('../../services/cells')
        const { NO_CELL_NOTE } = await import('../../core/cells/csv')
        const summary = await findCellsInFields({
          inputs,
          recursive: Boolean(flags.recursive),
          csv: flags.out,
          overlayDir: flags.overlay,
          finder: {
            micronsPerPixel: positive('--um-per-px', flags.umPerPx),
            redCellDiameterPx: positive('--red-cell-px', flags.redCellPx)
          },
          onField: (o) => {
            if (ctx.json) return
            if (!o.ok) process.stderr.write(`${o.path}: skipped, ${o.reason}\n`)
            else if (o.field.cells.length === 0) process.stdout.write(`${o.path}: ${NO_CELL_NOTE}\n`)
            else {
              const boxes = o.field.cells.map((c) => `${c.x},${c.y} ${c.width}×${c.height}`).join('; ')
              process.stdout.write(`${o.path}: ${o.field.cells.length} white cell(s): ${boxes}\n`)
            }
          }
        })
        if (summary.fields === 0) throw new UsageError(`no image files in ${inputs.join(', ')}`)
        ctx.print(
          {
            ...summary,
            outcomes: summary.outcomes.map((o) =>
              o.ok ? { ...o, field: { ...o.field, cells: o.field.cells.map(({ mask: _, ...c }) => c) } } : o
            )
          },
          () =>
            `${summary.fields} field(s): ${summary.cells} white cell(s); ${summary.withoutCells} without a white cell; ` +
            `${summary.unreadable} unreadable` +
            (flags.out ? `\nCSV ${flags.out}` : '') +
            (flags.overlay ? `\noverlays in ${flags.overlay}` : '')
        )
      }
    )
}
