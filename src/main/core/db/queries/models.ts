/** SQL of the model registry: the `models` table's rows and their mapping to ModelVersion (migration 003). */
import type { ModelVersion } from '../../../../shared/types/models'
import type { Queries } from '../store'

export interface ModelRow {
  id: string
  name: string
  source: ModelVersion['source']
  backbone_id: number
  backbone: string
  backbone_sha256: string
  feature_dim: number
  classes: string
  preprocessing: string
  hyperparameters: string | null
  dataset: string | null
  split: string | null
  history: string
  best_epoch: number | null
  metrics: string
  threshold: string | null
  backend: string
  timings: string
  note: string | null
  trust: string | null
  dir: string
  active: number
  created_at: string
  /** Migration 008: set when a version with predictions was "deleted" (archived: history keeps it). */
  archived_at: string | null
}

const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T))

export function fromRow(r: ModelRow): ModelVersion {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    active: r.active === 1,
    source: r.source,
    backbone: r.backbone,
    backboneSha256: r.backbone_sha256,
    featureDim: r.feature_dim,
    classes: JSON.parse(r.classes) as string[],
    preprocessing: JSON.parse(r.preprocessing) as ModelVersion['preprocessing'],
    hyperparameters: json(r.hyperparameters),
    dataset: r.dataset,
    split: json(r.split),
    history: JSON.parse(r.history) as ModelVersion['history'],
    bestEpoch: r.best_epoch,
    metrics: JSON.parse(r.metrics) as ModelVersion['metrics'],
    threshold: json(r.threshold),
    backend: r.backend,
    timings: JSON.parse(r.timings) as ModelVersion['timings'],
    note: r.note,
    archivedAt: r.archived_at ?? null,
    trust: json(r.trust)
  }
}

function selectRows(q: Queries) {
  return q
    .selectFrom('models as m')
    .innerJoin('backbones as b', 'b.id', 'm.backbone_id')
    .selectAll('m')
    .select(['b.name as backbone', 'b.sha256 as backbone_sha256'])
}

export async function selectModels(q: Queries): Promise<ModelRow[]> {
  return (await selectRows(q)
    .where('m.archived_at', 'is', null)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute()) as ModelRow[]
}

export async function selectModel(q: Queries, id: string): Promise<ModelRow | undefined> {
  return (await selectRows(q).where('m.id', '=', id).executeTakeFirst()) as ModelRow | undefined
}

/** Predictions stored by a version (they keep pointing at it: such a version is archived, never deleted). */
export async function countPredictions(q: Queries, id: string): Promise<number> {
  const row = await q
    .selectFrom('predictions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('model_id', '=', id)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function archiveModel(q: Queries, id: string, at: string): Promise<void> {
  await q.updateTable('models').set({ archived_at: at, active: 0 }).where('id', '=', id).execute()
}

export async function selectActive(q: Queries): Promise<ModelRow | undefined> {
  return (await selectRows(q).where('m.active', '=', 1).executeTakeFirst()) as ModelRow | undefined
}

/** Inserts a version (the caller holds the transaction). */
export async function insertModel(
  q: Queries,
  v: ModelVersion,
  backboneId: number,
  dir: string
): Promise<void> {
  await q
    .insertInto('models')
    .values({
      id: v.id,
      name: v.name,
      source: v.source,
      backbone_id: backboneId,
      feature_dim: v.featureDim,
      classes: JSON.stringify(v.classes),
      preprocessing: JSON.stringify(v.preprocessing),
      hyperparameters: v.hyperparameters ? JSON.stringify(v.hyperparameters) : null,
      dataset: v.dataset,
      split: v.split ? JSON.stringify(v.split) : null,
      history: JSON.stringify(v.history),
      best_epoch: v.bestEpoch,
      metrics: JSON.stringify(v.metrics),
      threshold: v.threshold ? JSON.stringify(v.threshold) : null,
      backend: v.backend,
      timings: JSON.stringify(v.timings),
      note: v.note,
      dir,
      active: v.active ? 1 : 0,
      created_at: v.createdAt,
      trust: v.trust ? JSON.stringify(v.trust) : null
    })
    .execute()
}

/** Makes `id` the one active version (none when `id` is null); the caller holds the transaction. */
export async function setActiveModel(q: Queries, id: string | null): Promise<void> {
  await q.updateTable('models').set({ active: 0 }).where('active', '=', 1).execute()
  if (id !== null) await q.updateTable('models').set({ active: 1 }).where('id', '=', id).execute()
}

export async function setModelName(q: Queries, id: string, name: string): Promise<void> {
  await q.updateTable('models').set({ name }).where('id', '=', id).execute()
}

export async function deleteModelRow(q: Queries, id: string): Promise<void> {
  await q.deleteFrom('models').where('id', '=', id).execute()
}
