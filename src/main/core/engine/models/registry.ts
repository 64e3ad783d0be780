/**
 * The model registry: every training or import becomes a model version — a row in `models` plus the head's
 * TF.js files in `models/<id>/`. Creation writes the files into tmp/, renames the folder into place and then
 * inserts the row (removing the folder again when that fails), so an error leaves either the whole version or at
 * most a folder no row names. On a shared store the files also go into the database (blobs/shared-folders.ts),
 * from where another workstation's data folder is given them before it loads the version.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from '../../db/database'
import { write } from '../../db/store'
import {
  materialiseFolder,
  publishFolder,
  unpublishFolder,
  type SharedFolder
} from '../../blobs/shared-folders'
import type { DataDir } from '../../paths'
import type { LayersModel } from '../tf'
import { getBackbone } from '../backbones/registry'
import type { ModelVersion } from '../../../../shared/types/models'
import { runningScanOfModel } from '../../scan/store'
import type { Store } from '../../db/store'
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
  store: Store,
  dirs: DataDir,
  draft: ModelDraft,
  head: LayersModel | Record<string, Uint8Array>,
  options: { activate?: boolean; extraFiles?: Record<string, Uint8Array> } = {}
): Promise<ModelVersion> {
  const backbone = await getBackbone(store, draft.backbone)
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
    // The folder moves in before the row exists (no file work inside the transaction); the id is new, so no one
    // looks for it until the row names it.
    renameSync(tmp, final)
    await publishFolder(store, dirs, folderOf(id))
    await write(store, async (trx) => {
      const activate = options.activate || !(await selectActive(trx))
      if (activate) await setActiveModel(trx, null)
      const v: ModelVersion = {
        ...draft,
        id,
        createdAt: now.toISOString(),
        active: activate,
        backboneSha256: backbone.sha256
      }
      await insertModel(trx, v, backbone.id, id)
    })
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    rmSync(final, { recursive: true, force: true })
    throw err
  }
  return getModel(store, id)
}

const folderOf = (dir: string): SharedFolder => ({ kind: 'models', dir })

export async function listModels(store: Store): Promise<ModelVersion[]> {
  return (await selectModels(store.k)).map(fromRow)
}

/** A version by id, or the active one with `id` undefined. */
export async function getModel(store: Store, id?: string): Promise<ModelVersion> {
  const row = id === undefined ? await selectActive(store.k) : await selectModel(store.k, id)
  if (!row) {
    if (id === undefined)
      throw new UnknownModelError(
        'no active model yet: train a model and keep it, or import one, then activate it'
      )
    const known = (await selectModels(store.k)).map((r) => r.id)
    throw new UnknownModelError(
      `no model ${id} (${known.length ? `known: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''}` : 'none yet'})`
    )
  }
  return fromRow(row)
}

export async function activateModel(store: Store, id: string): Promise<ModelVersion> {
  if ((await getModel(store, id)).archivedAt)
    throw new UnknownModelError(
      `model ${id} was deleted (archived: kept only for the history of its predictions)`
    )
  await write(store, (trx) => setActiveModel(trx, id))
  return getModel(store, id)
}

export async function renameModel(store: Store, id: string, name: string): Promise<ModelVersion> {
  await getModel(store, id)
  if (!name.trim()) throw new Error('a model name cannot be empty')
  await setModelName(store.k, id, name.trim())
  return getModel(store, id)
}

export class ModelInUseError extends Error {
  override name = 'ModelInUseError'
}

/**
 * Deletes a version — unless predictions point at it: then it is archived (hidden from the list, no longer
 * active, its files kept), so history, reports and Grad-CAM keep their model. A version that a running scan uses
 * is refused. Deleting the active version leaves no model active. `db` is the workstation's file, where running
 * scans are recorded.
 */
export async function deleteModel(
  store: Store,
  db: Database,
  dirs: DataDir,
  id: string
): Promise<'deleted' | 'archived'> {
  const row = await selectModel(store.k, id)
  if (!row) await getModel(store, id)
  const scan = await runningScanOfModel(store, id)
  if (scan !== undefined)
    throw new ModelInUseError(
      `model ${id} is in use by running scan ${scan}; wait for it to finish or stop it`
    )
  if ((await countPredictions(store.k, id)) > 0) {
    await archiveModel(store.k, id, new Date().toISOString())
    return 'archived'
  }
  await deleteModelRow(store.k, id)
  await unpublishFolder(store, folderOf(row!.dir))
  rmSync(join(dirs.models, row!.dir), { recursive: true, force: true })
  return 'deleted'
}

export interface LoadedModel {
  version: ModelVersion
  /** Features [n, featureDim] → probabilities [n, classes]. Dispose when done. */
  head: LayersModel
}

/** Loads a version's head (the active one when `id` is undefined), checking its files exist. */
export async function loadModelVersion(store: Store, dirs: DataDir, id?: string): Promise<LoadedModel> {
  const version = await getModel(store, id)
  const dir = await modelDir(store, dirs, version.id)
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

/**
 * The folder holding a version's head files, in this data folder: fetched from the shared store first when
 * this data folder does not have them.
 */
export async function modelDir(store: Store, dirs: DataDir, id: string): Promise<string> {
  const row = await selectModel(store.k, id)
  if (!row) await getModel(store, id)
  return materialiseFolder(store, dirs, folderOf(row!.dir))
}
