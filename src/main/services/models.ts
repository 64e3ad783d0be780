import { activateModel, deleteModel, getModel, listModels, renameModel } from '../core/engine/models/registry'
import { exportModel } from '../core/engine/models/archive'
import { importModelFile as importFile } from '../core/engine/models/import-file'
import { addBackbone } from '../core/engine/backbones/add'
import { listBackbones } from '../core/engine/backbones/registry'
import { trainModel } from '../core/engine/training/pipeline'
import type { CallRequest, ModelView, TrainResult } from '../../shared/contract'
import type { ModelVersion } from '../../shared/types/models'
import type { ServiceContext } from './context'

export function toModelView(v: ModelVersion): ModelView {
  return { ...v, test: v.metrics.test ?? null }
}

export function listModelViews(ctx: ServiceContext): ModelView[] {
  return listModels(ctx.db).map(toModelView)
}

export function activeModelView(ctx: ServiceContext): ModelView | null {
  const active = listModels(ctx.db).find((m) => m.active)
  return active ? toModelView(active) : null
}

/**
 * One training with live events: feature-extraction progress as `job:progress`, each epoch as `training:epoch`.
 * The version is created only at the very end (the pipeline's rule), so a cancel leaves the registry as it was.
 * It is not activated: the user keeps, discards or activates it on the result.
 */
export async function startTraining(ctx: ServiceContext, req: CallRequest<'training:start'>): Promise<TrainResult> {
  const o = req.options
  const hyper = Object.fromEntries(
    Object.entries({ epochs: o.epochs, batchSize: o.batchSize, seed: o.seed, classWeight: o.classWeight, monitor: o.monitor, flip: o.flip }).filter(([, v]) => v !== undefined)
  )
  return ctx.jobs.run(req.jobId, async (signal) => {
    const r = await trainModel(ctx.db, ctx.dirs, {
      dataset: o.dataset,
      backbone: o.backbone,
      hyper,
      targetSensitivity: o.targetSensitivity,
      onEpoch: (epoch) => ctx.emit('training:epoch', { jobId: req.jobId, epoch }),
      onExtractProgress: (progress) => ctx.emit('job:progress', { jobId: req.jobId, progress }),
      signal
    })
    return { model: toModelView(r.version) }
  })
}

export function exportModelFile(ctx: ServiceContext, req: CallRequest<'models:export'>): string {
  return exportModel(ctx.db, ctx.dirs, req.id, req.file)
}

/**
 * A Leukolens archive, or the notebook's own Keras model (`.keras` / legacy `.h5`): its DenseNet121 base is
 * registered as a backbone (reused when the same file was imported before) and its head becomes a new version.
 */
export async function importModelFile(ctx: ServiceContext, req: CallRequest<'models:import'>): Promise<ModelView> {
  return toModelView(await importFile(ctx.db, ctx.dirs, req.file, { name: req.name, classes: req.classes }))
}

export const modelOps = {
  activate: (ctx: ServiceContext, id: string) => void activateModel(ctx.db, id),
  rename: (ctx: ServiceContext, id: string, name: string) => void renameModel(ctx.db, id, name),
  // Archived instead when predictions point at it (the list no longer shows it either way).
  remove: (ctx: ServiceContext, id: string) => void deleteModel(ctx.db, ctx.dirs, id),
  get: (ctx: ServiceContext, id: string) => toModelView(getModel(ctx.db, id))
}

export { listBackbones, addBackbone }
