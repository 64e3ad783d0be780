/**
 * Models and backbones. The registry reads are static imports; whatever needs TF.js, h5wasm or the archive
 * reader is imported where it is used, so listing models starts no engine.
 */
import { activateModel, deleteModel, getModel, listModels, renameModel } from '../core/engine/models/registry'
import { listBackbones, removeBackbone } from '../core/engine/backbones/registry'
import type { AddBackboneOptions } from '../core/engine/backbones/add'
import type { OfficialBackbone } from '../core/engine/backbones/fetch'
import type { EvaluateResult } from '../core/engine/metrics/evaluate-model'
import type { SplitSelector } from '../core/engine/training/dataset-features'
import type { TrainModelResult } from '../core/engine/training/pipeline'
import type { CallRequest, ModelView, TrainOptions, TrainResult } from '../../shared/contract'
import type { BackboneSummary } from '../../shared/types/engine'
import type { ModelVersion } from '../../shared/types/models'
import type { ModelAgreement } from '../../shared/types/trust'
import { modelAgreement } from '../core/review/agreement'
import type { ServiceContext } from './context'
import { engineConfig } from './settings'

export function toModelView(v: ModelVersion): ModelView {
  return { ...v, test: v.metrics.test ?? null }
}

export async function listModelViews(ctx: ServiceContext): Promise<ModelView[]> {
  return (await listModels(ctx.store)).map(toModelView)
}

/** Reviewers' agreement with a version in use (core/review/agreement.ts); the registry names an unknown id. */
export async function modelAgreementOf(ctx: ServiceContext, id: string): Promise<ModelAgreement> {
  return modelAgreement(ctx.store.k, (await getModel(ctx.store, id)).id)
}

export async function activeModelView(ctx: ServiceContext): Promise<ModelView | null> {
  const active = (await listModels(ctx.store)).find((m) => m.active)
  return active ? toModelView(active) : null
}

/** The window's training options; the command line adds the version's name and whether to activate it. */
export type TrainRequest = TrainOptions & {
  name?: string
  activate?: boolean
  /** Share of validation errors the review flag must catch (default DEFAULT_ERROR_CATCH, 0.8). */
  errorCatch?: number
}

/**
 * One training with live events: feature-extraction progress as `job:progress`, each epoch as `training:epoch`,
 * on the configured backend. The version is created only at the very end (the pipeline's rule), so a cancel
 * leaves the registry as it was. The window does not activate it: the user keeps, discards or activates it.
 */
export async function train(ctx: ServiceContext, jobId: string, o: TrainRequest): Promise<TrainModelResult> {
  const { trainModel } = await import('../core/engine/training/pipeline')
  const hyper = Object.fromEntries(
    Object.entries({
      epochs: o.epochs,
      batchSize: o.batchSize,
      seed: o.seed,
      classWeight: o.classWeight,
      monitor: o.monitor,
      flip: o.flip,
      linear: o.l2 === undefined ? undefined : { l2: o.l2 }
    }).filter(([, v]) => v !== undefined)
  )
  const engine = await engineConfig(ctx)
  return ctx.jobs.run(jobId, (signal) =>
    trainModel(ctx.store, ctx.dirs, {
      dataset: o.dataset,
      backbone: o.backbone,
      hyper,
      targetSensitivity: o.targetSensitivity,
      operatingPoint: o.operatingPoint,
      recipe: o.recipe,
      errorCatch: o.errorCatch,
      name: o.name,
      activate: o.activate,
      engine,
      onEpoch: (epoch) => ctx.emit('training:epoch', { jobId, epoch }),
      onExtractProgress: (progress) => ctx.emit('job:progress', { jobId, progress }),
      signal
    })
  )
}

export async function startTraining(
  ctx: ServiceContext,
  req: CallRequest<'training:start'>
): Promise<TrainResult> {
  const { version, missing } = await train(ctx, req.jobId, req.options)
  return { model: toModelView(version), leftOut: missing }
}

/** A stored model scored on a dataset's split, features extracted first where missing (progress under `jobId`). */
export async function evaluate(
  ctx: ServiceContext,
  jobId: string,
  o: { model?: string; dataset: string; split: SplitSelector }
): Promise<EvaluateResult> {
  const { evaluateModel } = await import('../core/engine/metrics/evaluate-model')
  const engine = await engineConfig(ctx)
  return ctx.jobs.run(jobId, () =>
    evaluateModel(ctx.store, ctx.dirs, {
      ...o,
      engine,
      onExtractProgress: (progress) => ctx.emit('job:progress', { jobId, progress })
    })
  )
}

/** Stores the features of every image of a dataset (resumable: stored ones are skipped; cancel keeps the finished batches). */
export async function extractFeatures(
  ctx: ServiceContext,
  jobId: string,
  o: { dataset: string; backbone: string; flip?: boolean; batchSize?: number }
) {
  const { extractDatasetFeatures } = await import('../core/engine/features/dataset')
  const engine = await engineConfig(ctx)
  return ctx.jobs.run(jobId, (signal) =>
    extractDatasetFeatures(ctx.store, ctx.dirs, o.dataset, {
      ...engine,
      ...o,
      onProgress: (progress) => ctx.emit('job:progress', { jobId, progress }),
      signal
    })
  )
}

export async function exportModelFile(
  ctx: ServiceContext,
  req: { id: string; file: string }
): Promise<string> {
  const { exportModel } = await import('../core/engine/models/archive')
  return exportModel(ctx.store, ctx.dirs, req.id, req.file)
}

/**
 * A Leukolens archive, or the notebook's own Keras model (`.keras` / legacy `.h5`): its DenseNet121 base is
 * registered as a backbone (reused when the same file was imported before) and its head becomes a new version.
 */
export async function importModelFile(
  ctx: ServiceContext,
  req: CallRequest<'models:import'> & { backboneName?: string; activate?: boolean }
): Promise<ModelView> {
  const { importModelFile: importFile } = await import('../core/engine/models/import-file')
  return toModelView(
    await importFile(ctx.store, ctx.dirs, req.file, {
      name: req.name,
      classes: req.classes,
      backboneName: req.backboneName,
      activate: req.activate
    })
  )
}

export const modelOps = {
  activate: async (ctx: ServiceContext, id: string) => toModelView(await activateModel(ctx.store, id)),
  rename: async (ctx: ServiceContext, id: string, name: string) =>
    void (await renameModel(ctx.store, id, name)),
  // Archived instead when predictions point at it: the outcome says which.
  remove: (ctx: ServiceContext, id: string) => deleteModel(ctx.store, ctx.db, ctx.dirs, id),
  /** One version; without an id, the active one. */
  get: async (ctx: ServiceContext, id?: string) => toModelView(await getModel(ctx.store, id))
}

export function listBackboneViews(ctx: ServiceContext): Promise<BackboneSummary[]> {
  return listBackbones(ctx.store)
}

/** The window's fields; the command line adds the resize method. */
export async function addBackboneFile(
  ctx: ServiceContext,
  req: CallRequest<'backbones:add'> & Pick<AddBackboneOptions, 'resize'>
): Promise<BackboneSummary> {
  const { addBackbone } = await import('../core/engine/backbones/add')
  return addBackbone(ctx.store, ctx.dirs, req)
}

export async function fetchBackbone(
  ctx: ServiceContext,
  jobId: string,
  which: OfficialBackbone
): Promise<BackboneSummary> {
  const { fetchOfficialBackbone } = await import('../core/engine/backbones/fetch')
  return fetchOfficialBackbone(ctx.store, ctx.dirs, which, (progress) =>
    ctx.emit('job:progress', { jobId, progress })
  )
}

export function removeBackboneNamed(ctx: ServiceContext, name: string): Promise<void> {
  return removeBackbone(ctx.store, ctx.dirs, name)
}
