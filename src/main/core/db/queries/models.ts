/** SQL of the model registry: the `models` table's rows and their mapping to ModelVersion (migration 003). */
import type { Database } from 'better-sqlite3'
import type { ModelVersion } from '../../../../shared/types/models'
import { stmt } from './statements'

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

const SELECT = `SELECT m.*, b.name AS backbone, b.sha256 AS backbone_sha256 FROM models m JOIN backbones b ON b.id = m.backbone_id`

export function selectModels(db: Database): ModelRow[] {
  return stmt(
    db,
    `${SELECT} WHERE m.archived_at IS NULL ORDER BY m.created_at DESC, m.id DESC`
  ).all() as ModelRow[]
}

export function selectModel(db: Database, id: string): ModelRow | undefined {
  return stmt(db, `${SELECT} WHERE m.id = ?`).get(id) as ModelRow | undefined
}

/** Predictions stored by a version (they keep pointing at it: such a version is archived, never deleted). */
export function countPredictions(db: Database, id: string): number {
  return stmt(db, 'SELECT count(*) FROM predictions WHERE model_id = ?').pluck().get(id) as number
}

export function archiveModel(db: Database, id: string, at: string): void {
  stmt(db, 'UPDATE models SET archived_at = ?, active = 0 WHERE id = ?').run(at, id)
}

export function selectActive(db: Database): ModelRow | undefined {
  return stmt(db, `${SELECT} WHERE m.active = 1`).get() as ModelRow | undefined
}

/** Inserts a version (the caller holds the transaction). */
export function insertModel(db: Database, v: ModelVersion, backboneId: number, dir: string): void {
  stmt(
    db,
    `INSERT INTO models (id, name, source, backbone_id, feature_dim, classes, preprocessing, hyperparameters, dataset,
       split, history, best_epoch, metrics, threshold, backend, timings, note, dir, active, created_at, trust)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(
    v.id,
    v.name,
    v.source,
    backboneId,
    v.featureDim,
    JSON.stringify(v.classes),
    JSON.stringify(v.preprocessing),
    v.hyperparameters ? JSON.stringify(v.hyperparameters) : null,
    v.dataset,
    v.split ? JSON.stringify(v.split) : null,
    JSON.stringify(v.history),
    v.bestEpoch,
    JSON.stringify(v.metrics),
    v.threshold ? JSON.stringify(v.threshold) : null,
    v.backend,
    JSON.stringify(v.timings),
    v.note,
    dir,
    v.active ? 1 : 0,
    v.createdAt,
    v.trust ? JSON.stringify(v.trust) : null
  )
}

/** Makes `id` the one active version (none when `id` is null); the caller holds the transaction. */
export function setActiveModel(db: Database, id: string | null): void {
  stmt(db, 'UPDATE models SET active = 0 WHERE active = 1').run()
  if (id !== null) stmt(db, 'UPDATE models SET active = 1 WHERE id = ?').run(id)
}

export function setModelName(db: Database, id: string, name: string): void {
  stmt(db, 'UPDATE models SET name = ? WHERE id = ?').run(name, id)
}

export function deleteModelRow(db: Database, id: string): void {
  stmt(db, 'DELETE FROM models WHERE id = ?').run(id)
}
