/**
 * Import of the published notebook's own model files — DenseNet121 (frozen base) + the published head — as a
 * model version. The DenseNet121 weights inside become a backbone through the engine's backbone registry
 * (reused when the same file is registered already); the head's four layers become a TF.js head.
 *
 * Supported: Keras 3 `.keras` (the notebook's format; `config.json` names the head layers). A legacy Keras HDF5
 * full model (`model_weights` + `layer_names`) is read by layer order: the last three weighted layers are the
 * head (BatchNorm, Dense, Dense) and everything before them DenseNet121, which is re-saved as a TF.js backbone.
 *
 * Keras Dropout is the identity at inference and BatchNorm uses its moving statistics; the TF.js head does the
 * same in `predict`, which the parity test on `seed_model_random.keras` checks against Keras' own outputs.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import { initBackend } from '../backend'
import { addBackbone } from '../backbones/add'
import { detectKerasLayout } from '../keras/detect'
import { KerasFileError } from '../keras/hdf5'
import { readKeras3Weights } from '../keras/keras3'
import type { ModelVersion } from '../../../../shared/types/models'
import {
  backboneWithFile,
  configLayers,
  defaultClasses,
  headFromConfig,
  storeKerasImport,
  type KerasImportOptions
} from './keras-head'
import { importLegacyH5Model } from './keras-legacy-import'

export async function importKerasModel(
  store: Store,
  dirs: DataDir,
  path: string,
  o: KerasImportOptions = {}
): Promise<ModelVersion> {
  await initBackend()
  const layout = await detectKerasLayout(path)
  if (layout === 'legacy-h5') return importLegacyH5Model(store, dirs, path, o)
  const k3 = await readKeras3Weights(path)
  const layers = configLayers(path, k3.config)
  if (!layers)
    throw new KerasFileError(
      path,
      "no config.json with the model's layers: give the full model (.keras), not weights only"
    )
  const head = headFromConfig(path, layers, k3.layers)
  const classes = defaultClasses(head.classCount, o.classes)
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex')
  const backbone =
    (await backboneWithFile(store, sha)) ??
    (
      await addBackbone(store, dirs, {
        path,
        name: o.backboneName ?? `densenet121-${sha.slice(0, 8)}`,
        normalize: 'torch',
        resize: 'nearest',
        inputSize: 224,
        source: `DenseNet121 base of ${path}`
      })
    ).name
  const kerasVersion = (k3.metadata as { keras_version?: string } | undefined)?.keras_version
  return storeKerasImport(store, dirs, { path, head, classes, backbone, kerasVersion }, o)
}

export {
  defaultClasses,
  headFromConfig,
  storeKerasImport,
  type KerasHead,
  type KerasImportOptions
} from './keras-head'
