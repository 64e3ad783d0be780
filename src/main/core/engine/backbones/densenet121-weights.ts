/**
 * Loads Keras DenseNet121 weights into the model from `buildDenseNet121`, from either layout: the legacy
 * HDF5 file (the official `…_notop.h5`) or a Keras 3 `.keras`/`.weights.h5` (the DenseNet121 layers are
 * found by name, also inside a bigger model such as the published seed model).
 */
import type { LayersModel } from '../tf'
import { assignKerasWeights, normalizeLayerName, type AssignReport, type NamedLayerWeights } from '../keras/assign'
import { detectKerasLayout } from '../keras/detect'
import { KerasFileError } from '../keras/hdf5'
import { readKeras3Weights } from '../keras/keras3'
import { readLegacyH5Weights } from '../keras/legacy-h5'

export async function loadDenseNet121Weights(model: LayersModel, path: string): Promise<AssignReport> {
  const layout = await detectKerasLayout(path)
  if (layout === 'legacy-h5') {
    const file = await readLegacyH5Weights(path)
    return assignKerasWeights(model, file.layers, path)
  }
  const k3 = await readKeras3Weights(path)
  const byName = new Map([...k3.layers].map(([name, weights]) => [normalizeLayerName(name), { name, weights }]))
  const source: NamedLayerWeights[] = model.layers
    .filter((l) => l.weights.length > 0)
    .map((l) => {
      const found = byName.get(normalizeLayerName(l.name))
      if (!found) throw new KerasFileError(path, `no weights for DenseNet121 layer ${l.name}`)
      return found
    })
  return assignKerasWeights(model, source, path)
}
