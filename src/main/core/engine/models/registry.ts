/**
 * The model registry: every training or import becomes a model version — a row in `models` plus the head's
 * TF.js files in `models/<id>/`. Creation writes the files into tmp/, then inserts the row and renames the
 * folder into place in one SQLite transaction, so a crash or error leaves either the whole version or nothing.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from '../../db/database'
import type { DataDir } from '../../paths'
import type { LayersModel } from '../tf'
import { getBackbone } from '../backbones/registry'
import type { ModelVersion } from '../../../../shared/types/models'
import { runningScanOfModel } from '../../scan/store'
import { sqliteStore, type Store } from '../../db/store'
import {
  archiveModel,
  countPredictions,
  deleteModelRow,
  fromRow,
  insertModel,
  selectActive,
  selectModel,
  selectModels,
  setActiveModel,
  setModelName
} from '../../db/queries/models'

export class UnknownModelError extends Error {
  override name = 'UnknownModelError'
}

/** What a caller supplies; the registry adds id, creation time, active flag and the backbone's digest. */
export type ModelDraft = Omit<ModelVersion, 'id' | 'createdAt' | 'active' | 'backboneSha256'>

/** `20261125-231502-a1b2c3`: sortable by time, unique by its random suffix (an id, not a computation: no seed). */
function newModelId(now: Date): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${t}-${randomBytes(3).toString('hex')}`
}

/**
 * Stores a new version. `head` is a model (saved to TF.js files) or the files' bytes already (archive import).
 * The first version ever stored becomes active; later ones only with `activate`.
 */
export async function createModelVersion(
  db: Database,
  dirs: DataDir,
  draft: ModelDraft,
  head: LayersModel | Record<string, Uint8Array>,
  options: { activate?: boolean; extraFiles?: Record<string, Uint8Array> } = {}
): Promise<ModelVersion> {
  const backbone = getBackbone(db, draft.backbone)
  if (backbone.featureDim !== draft.featureDim)
    throw new Error(
      `model expects ${draft.featureDim}-d features but backbone ${backbone.name} gives ${backbone.featureDim}`
    )
  const now = new Date()
  const id = newModelId(now)
  // Head files need TF.js: loaded here, so listing the registry does not load it.
  const { headFileBytes, writeFiles } = await import('./head-files')
  const files = {
    ...('save' in head ? await headFileBytes(head as LayersModel) : head),
    ...options.extraFiles
  }
  const tmp = join(dirs.tmp, `model-${id}`)
  const final = join(dirs.models, id)
  try {
    // Inside the try: a write that fails half-way (a full disk) must not leave its folder in tmp/.
    writeFiles(tmp, files)
    db.transaction(() => {
      const activate = options.activate || !selectActive(db)
      if (activate) setActiveModel(db, null)
      const v: ModelVersion = {
        ...draft,
        id,
        createdAt: now.toISOString(),
        active: activate,
        backboneSha256: backbone.sha256
      }
      insertModel(db, v, backbone.id, id)
      // Last step inside the transaction: if the rename fails, the row is rolled back with it.
      renameSync(tmp, final)
    })()
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    throw err
  }
  return getModel(db, id)
}

export function listModels(db: Database): ModelVersion[] {
  return selectModels(db).map(fromRow)
}

/** A version by id, or the active one with `id` undefined. */
export function getModel(db: Database, id?: string): ModelVersion {
  const row = id === undefined ? selectActive(db) : selectModel(db, id)
  if (!row) {
    if (id === undefined)
      throw new UnknownModelError(
        'no active model yet: train a model and keep it, or import one, then activate it'
      )
    const known = selectModels(db).map((r) => r.id)
    throw new UnknownModelError(
      `no model ${id} (${known.length ? `known: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''}` : 'none yet'})`
    )
  }
  return fromRow(row)
}

export function activateModel(db: Database, id: string): ModelVersion {
  if (getModel(db, id).archivedAt)
    throw new UnknownModelError(
      `model ${id} was deleted (archived: kept only for the history of its predictions)`
    )
  db.transaction(() => setActiveModel(db, id))()
  return getModel(db, id)
}

export function renameModel(db: Database, id: string, name: string): ModelVersion {
  getModel(db, id)
  if (!name.trim()) throw new Error('a model name cannot be empty')
  setModelName(db, id, name.trim())
  return getModel(db, id)
}

export class ModelInUseError extends Error {
  override name = 'ModelInUseError'
}

/**
 * Deletes a version — unless predictions point at it: then it is archived (hidden from the list, no longer
 * active, its files kept), so history, reports and Grad-CAM keep their model. A version that a running scan uses
 * is refused. Deleting the active version leaves no model active.
 */
export async function deleteModel(
  db: Database,
  dirs: DataDir,
  id: string,
  store: Store = sqliteStore(db)
): Promise<'deleted' | 'archived'> {
  const row = selectModel(db, id)
  if (!row) getModel(db, id)
  const scan = await runningScanOfModel(store, id)
  if (scan !== undefined)
    throw new ModelInUseError(
      `model ${id} is in use by running scan ${scan}; wait for it to finish or stop it`
    )
  if (countPredictions(db, id) > 0) {
    archiveModel(db, id, new Date().toISOString())
    return 'archived'
  }
  deleteModelRow(db, id)
  rmSync(join(dirs.models, row!.dir), { recursive: true, force: true })
  return 'deleted'
}

export interface LoadedModel {
  version: ModelVersion
  /** Features [n, featureDim] → probabilities [n, classes]. Dispose when done. */
  head: LayersModel
}

/** Loads a version's head (the active one when `id` is undefined), checking its files exist. */
export async function loadModelVersion(db: Database, dirs: DataDir, id?: string): Promise<LoadedModel> {
  const version = getModel(db, id)
  const dir = join(dirs.models, selectModel(db, version.id)!.dir)
  if (!existsSync(dir))
    throw new Error(
      `model ${version.id}: its folder ${dir} is missing (delete the version and retrain or re-import)`
    )
  const head = await (await import('./head-files')).loadHead(dir)
  const out = head.outputs[0].shape[1]
  if (out !== version.classes.length) {
    head.dispose()
    throw new Error(`model ${version.id}: head gives ${out} outputs for ${version.classes.length} classes`)
  }
  return { version, head }
}

/** The folder holding a version's head files. */
export function modelDir(db: Database, dirs: DataDir, id: string): string {
  const row = selectModel(db, id)
  if (!row) getModel(db, id)
  return join(dirs.models, row!.dir)
}
