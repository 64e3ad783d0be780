/**
 * One entry point for "import this model file", shared by the CLI and the app: the notebook's Keras models
 * (`.keras`, or a legacy full-model `.h5`/`.hdf5`) go through the Keras import, anything else is read as a
 * Leukolens model archive (which names itself as such when it is not one).
 */
import { extname } from 'node:path'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import type { ModelVersion } from '../../../../shared/types/models'
import { importModel } from './archive'
import { importKerasModel, type KerasImportOptions } from './keras-import'

/** File extensions of the notebook's Keras models (lower case, with the dot). */
export const KERAS_MODEL_EXTENSIONS = ['.keras', '.h5', '.hdf5'] as const

export function isKerasModelFile(path: string): boolean {
  return (KERAS_MODEL_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())
}

/** `classes` and `backboneName` apply to Keras models only (an archive carries its own). */
export function importModelFile(
  store: Store,
  dirs: DataDir,
  path: string,
  o: KerasImportOptions = {}
): Promise<ModelVersion> {
  if (isKerasModelFile(path)) return importKerasModel(store, dirs, path, o)
  return importModel(store, dirs, path, { name: o.name, activate: o.activate })
}
