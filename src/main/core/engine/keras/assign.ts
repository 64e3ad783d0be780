/**
 * Puts Keras weight arrays into a TF.js layers model. Layers are matched by name (`conv1/conv` and
 * `conv1_conv`, `kernel:0` and `kernel` count as the same); when the names do not all match, by the order of
 * the layers that carry weights — what Keras itself does for legacy HDF5 files. Every shape is checked
 * before anything is assigned, so a wrong file leaves the model untouched.
 */
import { tf, type LayersModel } from '../tf'
import { KerasFileError, type WeightArray } from './hdf5'

export interface NamedLayerWeights {
  name: string
  weights: WeightArray[]
}

/** `conv1/conv` → `conv1_conv`; `densenet121/conv1_conv` keeps its last layer-like part intact. */
export function normalizeLayerName(name: string): string {
  return name.replace(/:\d+$/, '').replace(/\//g, '_')
}

export interface AssignReport {
  matchedBy: 'name' | 'order'
  layers: number
  arrays: number
}

/**
 * Assigns `source` (layers in file order; those without arrays are ignored) to `model`'s weighted layers.
 * `file` names the file in errors.
 */
export function assignKerasWeights(
  model: LayersModel,
  source: NamedLayerWeights[],
  file: string
): AssignReport {
  const targets = model.layers.filter((l) => l.weights.length > 0)
  const weighted = source.filter((s) => s.weights.length > 0)
  if (weighted.length !== targets.length)
    throw new KerasFileError(
      file,
      `has ${weighted.length} layers with weights; ${model.name} needs ${targets.length}`
    )
  const byName = new Map(weighted.map((s) => [normalizeLayerName(s.name), s]))
  const allNamed = targets.every((t) => byName.has(normalizeLayerName(t.name)))
  const pairs = targets.map((t, i) => ({
    target: t,
    src: allNamed ? byName.get(normalizeLayerName(t.name))! : weighted[i]
  }))
  for (const { target, src } of pairs) {
    if (src.weights.length !== target.weights.length)
      throw new KerasFileError(
        file,
        `layer ${src.name} has ${src.weights.length} arrays; ${target.name} needs ${target.weights.length}`
      )
    target.weights.forEach((w, j) => {
      const a = src.weights[j]
      if (a.shape.join(',') !== w.shape.join(','))
        throw new KerasFileError(
          file,
          `${src.name}/${a.name} has shape [${a.shape}]; ${target.name} needs [${w.shape}]`
        )
    })
  }
  let arrays = 0
  for (const { target, src } of pairs) {
    const tensors = src.weights.map((a) => tf.tensor(a.values, a.shape, 'float32'))
    target.setWeights(tensors)
    tf.dispose(tensors)
    arrays += tensors.length
  }
  return { matchedBy: allNamed ? 'name' : 'order', layers: pairs.length, arrays }
}
