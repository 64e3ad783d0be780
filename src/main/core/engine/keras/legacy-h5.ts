/**
 * The legacy Keras HDF5 weights layout (Keras 2 `save_weights`/`model.save(.h5)`, and the official
 * `densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5`): the root (or its `model_weights` group, in a
 * full-model file) lists layers in its `layer_names` attribute; each layer group lists its arrays in
 * `weight_names`, read as `<layer>/<weight name>`.
 */
import {
  KerasFileError,
  openH5,
  readArray,
  stringAttr,
  stringListAttr,
  isGroup,
  isDataset,
  type WeightArray
} from './hdf5'

export interface LegacyLayerWeights {
  /** Layer name as written (`conv1_conv`, or `conv1/conv` in older files). */
  name: string
  /** The layer's arrays in `weight_names` order (empty for layers without weights). */
  weights: WeightArray[]
}

export interface LegacyWeightsFile {
  /** Every layer of `layer_names`, in file order. */
  layers: LegacyLayerWeights[]
  kerasVersion?: string
  backend?: string
  /** The `model_config` JSON of a full-model file (absent in a weights-only file). */
  modelConfig?: unknown
}

/** Reads every layer's weights of a legacy Keras HDF5 file. */
export async function readLegacyH5Weights(path: string): Promise<LegacyWeightsFile> {
  const f = await openH5(path)
  try {
    const mw = f.get('model_weights')
    const root = isGroup(mw) ? mw : f
    const names = stringListAttr(root, 'layer_names')
    if (!names)
      throw new KerasFileError(
        path,
        'no `layer_names` attribute: not a legacy Keras HDF5 weights file (a Keras 3 file ends in .weights.h5 or .keras)'
      )
    const layers = names.map((layer): LegacyLayerWeights => {
      const g = root.get(layer)
      if (!isGroup(g))
        throw new KerasFileError(path, `layer ${layer} is listed in layer_names but has no group`)
      const weightNames = stringListAttr(g, 'weight_names') ?? []
      const weights = weightNames.map((w) => {
        const ds = g.get(w)
        if (!isDataset(ds)) throw new KerasFileError(path, `weight ${layer}/${w} is listed but missing`)
        return readArray(path, ds, w)
      })
      return { name: layer, weights }
    })
    const configText = stringAttr(f, 'model_config')
    return {
      layers,
      kerasVersion: stringAttr(root, 'keras_version') ?? stringAttr(f, 'keras_version'),
      backend: stringAttr(root, 'backend') ?? stringAttr(f, 'backend'),
      modelConfig: configText ? JSON.parse(configText) : undefined
    }
  } finally {
    f.close()
  }
}
