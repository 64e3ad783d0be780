import { formatTrust } from '../../core/trust/format'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { formatInterval, formatMetrics, formatThreshold } from '../../core/engine/metrics/format'
import type { ModelVersion } from '../../../shared/types/models'
import type { ModelView } from '../../../shared/contract'
import type { RegisterCommand } from './register'
import { recipeOf } from '../../core/engine/training/recipe-of'
import { activeNote } from './train'

const modelService = () => import('../../services/models')

/** The registry's version as the command line has always printed it (the window's view adds `test`). */
function version({ test: _test, ...m }: ModelView): ModelVersion {
  return m
}

function line(m: ModelVersion): string {
  const t = m.metrics.test
  const ci = t?.intervals
  const score = t
    ? `acc ${(t.accuracy * 100).toFixed(2)}%${formatInterval(ci?.accuracy, (x) => `${(x * 100).toFixed(1)}%`)}  ` +
      `bal ${t.balancedAccuracy.toFixed(3)}${formatInterval(ci?.balancedAccuracy, (x) => x.toFixed(3))}`
    : 'no test metrics'
  const made = m.source === 'trained' ? `recipe ${recipeOf(m.hyperparameters)}` : m.source
  return `${m.active ? '*' : ' '} ${m.id}  ${m.name}  [${m.backbone}; ${m.classes.join('/')}; ${made}]  ${score}`
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
  parts.push(
    m.trust
      ? formatTrust(m.trust)
      : 'no calibration or unfamiliar-image profile (trained before it, or imported)'
  )
  return parts.join('\n')
}

export const registerModels: RegisterCommand = (program, context) => {
  const models = program
    .command('models')
    .description('The model registry: list, show, activate, export, import, delete')
  models
    .command('list')
    .description(
      'every model version (* = active): name, backbone, classes, recipe (or where it came from), test score'
    )
    .action(async (_: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const all = (await ctx.call('models:list')).map(version)
      ctx.print(all, () =>
        all.length ? all.map(line).join('\n') : 'no models yet (leukolens train …, or models import FILE)'
      )
    })
  models
    .command('show')
    .argument('[id]', 'model id (default: the active one)')
    .action(async (id: string | undefined, _: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const service = await modelService()
      const m = version(await service.modelOps.get(ctx.ctx, id))
      const inUse = await service.modelAgreementOf(ctx.ctx, m.id)
      const { formatAgreement } = await import('../../core/review/agreement')
      ctx.print({ ...m, inUse }, () => `${details(m)}\n${formatAgreement(inUse)}`)
    })
  models
    .command('activate')
    .argument('<id>')
    .action(async (id: string, _: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const m = version(
        await (await modelService()).modelOps.activate(await ctx.gated('models:activate'), id)
      )
      ctx.print(m, () => `active model: ${line(m)}`)
    })
  models
    .command('export')
    .argument('<id>')
    .argument('<file>', 'the archive to write (a .zip)')
    .action(async (id: string, file: string, _: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const out = await ctx.call('models:export', { id, saveToken: ctx.saveTo(file) })
      ctx.print({ id, file: out }, () => `exported ${id} to ${out}`)
    })
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
      async (
        file: string,
        flags: { name?: string; classes?: string; backboneName?: string; activate?: boolean },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        const m = version(
          await (
            await modelService()
          ).importModelFile(await ctx.gated('models:import'), {
            file: resolve(file),
            name: flags.name,
            classes: flags.classes?.split(',').map((c) => c.trim()),
            backboneName: flags.backboneName,
            activate: flags.activate
          })
        )
        ctx.print(m, () => `imported: ${line(m)}\n${activeNote(m)}`)
      }
    )
  models
    .command('delete')
    .argument('<id>')
    .action(async (id: string, _: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const outcome = await (await modelService()).modelOps.remove(await ctx.gated('models:delete'), id)
      ctx.print({ [outcome]: id }, () =>
        outcome === 'archived'
          ? `archived ${id}: predictions point at it, so history keeps it (hidden from the list)`
          : `deleted ${id}`
      )
    })
}
