/**
 * Keras DenseNet121 weights for the model from `buildDenseNet121`, from either layout: the legacy HDF5 file
 * (the official `…_notop.h5`) or a Keras 3 `.keras`/`.weights.h5` (the DenseNet121 layers are found by name,
 * also inside a bigger model such as the published seed model).
 *
 * Reading (h5wasm, file I/O) and assigning (TF.js) are separate steps, so that one thread can read the file
 * and hand the arrays to extraction workers that only assign them (see backbones/shared-weights.ts).
 */
import type { LayersModel } from '../tf'
import {
  assignKerasWeights,
  normalizeLayerName,
  type AssignReport,
  type NamedLayerWeights
} from '../keras/assign'
import { detectKerasLayout, type KerasWeightsLayout } from '../keras/detect'
import { KerasFileError } from '../keras/hdf5'
import { readKeras3Weights } from '../keras/keras3'
import { readLegacyH5Weights } from '../keras/legacy-h5'

/** Every weighted layer of a Keras weights file, in file order, before it is matched to the model. */
export interface DenseNet121WeightSource {
  /** The file read, for error messages. */
  file: string
  layout: KerasWeightsLayout
  layers: NamedLayerWeights[]
}

export async function readDenseNet121Weights(path: string): Promise<DenseNet121WeightSource> {
  const layout = await detectKerasLayout(path)
  if (layout === 'legacy-h5') return { file: path, layout, layers: (await readLegacyH5Weights(path)).layers }
  const k3 = await readKeras3Weights(path)
  return { file: path, layout, layers: [...k3.layers].map(([name, weights]) => ({ name, weights })) }
}

/**
 * Legacy files are assigned as Keras does (by name, else by weighted-layer order); in a Keras 3 file every
 * DenseNet121 layer must be present by name, and the file's other layers (a head) are ignored.
 */
export function assignDenseNet121Weights(model: LayersModel, source: DenseNet121WeightSource): AssignReport {
  if (source.layout === 'legacy-h5') return assignKerasWeights(model, source.layers, source.file)
  const byName = new Map(source.layers.map((l) => [normalizeLayerName(l.name), l]))
  const picked: NamedLayerWeights[] = model.layers
    .filter((l) => l.weights.length > 0)
    .map((l) => {
      const found = byName.get(normalizeLayerName(l.name))
      if (!found) throw new KerasFileError(source.file, `no weights for DenseNet121 layer ${l.name}`)
      return found
    })
  return assignKerasWeights(model, picked, source.file)
}

export async function loadDenseNet121Weights(model: LayersModel, path: string): Promise<AssignReport> {
  return assignDenseNet121Weights(model, await readDenseNet121Weights(path))
}
