import { formatTrust } from '../../core/trust/format'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { activateModel, deleteModel, getModel, listModels } from '../../core/engine/models/registry'
import { exportModel } from '../../core/engine/models/archive'
import { importModelFile } from '../../core/engine/models/import-file'
import { formatMetrics, formatThreshold } from '../../core/engine/metrics/format'
import type { ModelVersion } from '../../../shared/types/models'
import { UsageError } from '../index'
import type { RegisterCommand } from './index'

const USER_ERRORS = [
  'UnknownModelError',
  'ModelArchiveError',
  'KerasFileError',
  'BackboneAddError',
  'BackboneFileError'
]

/** Runs a command body, turning the registry's "you asked for something that isn't there" into usage errors. */
async function userErrors<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f()
  } catch (err) {
    if (USER_ERRORS.includes((err as Error).name)) throw new UsageError((err as Error).message)
    throw err
  }
}

function line(m: ModelVersion): string {
  const t = m.metrics.test
  const score = t
    ? `acc ${(t.accuracy * 100).toFixed(2)}%  bal ${t.balancedAccuracy.toFixed(3)}`
    : 'no test metrics'
  return `${m.active ? '*' : ' '} ${m.id}  ${m.name}  [${m.backbone}; ${m.classes.join('/')}; ${m.source}]  ${score}`
}

function details(m: ModelVersion): string {
  const parts = [
    line(m),
    `  created ${m.createdAt} on ${m.backend}; dataset ${m.dataset ?? '—'}; split ${m.split ? `${m.split.by ?? '?'} seed ${m.split.seed} (${m.split.counts.train}/${m.split.counts.val}/${m.split.counts.test})` : '—'}`,
    `  preprocessing ${m.preprocessing.inputSize}px ${m.preprocessing.resize} ${m.preprocessing.normalize}; epochs ${m.history.length}, best ${m.bestEpoch ?? '—'}`,
    `  ${formatThreshold(m.threshold)}`
  ]
  if (m.hyperparameters) parts.push(`  hyperparameters ${JSON.stringify(m.hyperparameters)}`)
  if (m.note) parts.push(`  note: ${m.note}`)
  if (m.metrics.test) parts.push(formatMetrics(m.metrics.test, 'test split'))
  parts.push(m.trust ? formatTrust(m.trust) : 'no calibration or unfamiliar-image profile (trained before it, or imported)')
  return parts.join('\n')
}

export const registerModels: RegisterCommand = (program, context) => {
  const models = program
    .command('models')
    .description('The model registry: list, show, activate, export, import, delete')
  models
    .command('list')
    .description('every model version (* = active)')
    .action((_: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const all = listModels(ctx.db)
      ctx.print(all, () =>
        all.length ? all.map(line).join('\n') : 'no models yet (leukolens train …, or models import FILE)'
      )
    })
  models
    .command('show')
    .argument('[id]', 'model id (default: the active one)')
    .action((id: string | undefined, _: unknown, cmd: Command) =>
      userErrors(() => {
        const ctx = context(cmd)
        const m = getModel(ctx.db, id)
        ctx.print(m, () => details(m))
      })
    )
  models
    .command('activate')
    .argument('<id>')
    .action((id: string, _: unknown, cmd: Command) =>
      userErrors(() => {
        const ctx = context(cmd)
        const m = activateModel(ctx.db, id)
        ctx.print(m, () => `active model: ${line(m)}`)
      })
    )
  models
    .command('export')
    .argument('<id>')
    .argument('<file>', 'the archive to write (a .zip)')
    .action((id: string, file: string, _: unknown, cmd: Command) =>
      userErrors(() => {
        const ctx = context(cmd)
        const out = exportModel(ctx.db, ctx.dirs, id, resolve(file))
        ctx.print({ id, file: out }, () => `exported ${id} to ${out}`)
      })
    )
  models
    .command('import')
    .argument(
      '<file>',
      "a Leukolens model archive, or the notebook's Keras model (.keras, or a legacy .h5 full model)"
    )
    .option('--name <text>', 'name of the new version')
    .option('--classes <list>', 'Keras models: class names in output order (default ALL,HEM for two outputs)')
    .option('--backbone-name <name>', 'Keras models: name for the DenseNet121 backbone taken from the file')
    .option('--activate', 'make it the active model')
    .action(
      (
        file: string,
        flags: { name?: string; classes?: string; backboneName?: string; activate?: boolean },
        cmd: Command
      ) =>
        userErrors(async () => {
          const ctx = context(cmd)
          const m = await importModelFile(ctx.db, ctx.dirs, resolve(file), {
            name: flags.name,
            classes: flags.classes?.split(',').map((c) => c.trim()),
            backboneName: flags.backboneName,
            activate: flags.activate
          })
          ctx.print(m, () => `imported: ${line(m)}`)
        })
    )
  models
    .command('delete')
    .argument('<id>')
    .action((id: string, _: unknown, cmd: Command) =>
      userErrors(() => {
        const ctx = context(cmd)
        deleteModel(ctx.db, ctx.dirs, id)
        ctx.print({ deleted: id }, () => `deleted ${id}`)
      })
    )
}
