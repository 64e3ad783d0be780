import h5wasm from 'h5wasm/node'
import { readKeras3Weights } from '../../src/main/core/engine/keras/keras3'

const VAR_NAMES: Record<number, string[]> = {
  1: ['kernel'],
  2: ['kernel', 'bias'],
  4: ['gamma', 'beta', 'moving_mean', 'moving_variance']
}

/**
 * Writes the layout Keras 2's `model.save('x.h5')` gives the notebook's model (a nested `densenet121` layer, then
 * the head), from the weights and config of a Keras 3 `.keras` file: `model_weights` with `layer_names`, one group
 * per layer with `weight_names` (`conv1_conv/kernel:0`), the datasets under those names, and `model_config`.
 * No Keras is available on the build machines, so this is how a legacy full-model file is made for the tests.
 */
export async function writeLegacyFullModel(kerasPath: string, out: string): Promise<void> {
  const k3 = await readKeras3Weights(kerasPath)
  await h5wasm.ready
  const f = new h5wasm.File(out, 'w')
  try {
    f.create_attribute('model_config', JSON.stringify(k3.config))
    f.create_attribute('keras_version', '2.15.0')
    f.create_attribute('backend', 'tensorflow')
    const mw = f.create_group('model_weights')
    const head = ['batch_normalization', 'dense', 'dense_1']
    mw.create_attribute('layer_names', [
      'input_layer_1',
      'densenet121',
      'batch_normalization',
      'dense',
      'dropout',
      'dense_1'
    ])
    const writeLayer = (
      group: ReturnType<typeof f.create_group>,
      layers: [string, { shape: number[]; values: Float32Array }[]][]
    ) => {
      const names: string[] = []
      for (const [layer, arrays] of layers) {
        const sub = group.create_group(layer)
        VAR_NAMES[arrays.length].forEach((v, i) => {
          sub.create_dataset({ name: `${v}:0`, data: arrays[i].values, shape: arrays[i].shape, dtype: '<f' })
          names.push(`${layer}/${v}:0`)
        })
      }
      group.create_attribute('weight_names', names)
    }
    const base = [...k3.layers].filter(([name]) => !head.includes(name))
    writeLayer(mw.create_group('densenet121'), base)
    // layers without weights still get a group (Keras writes an empty weight_names there)
    for (const name of ['input_layer_1', 'dropout']) mw.create_group(name)
    for (const name of head) writeLayer(mw.create_group(name), [[name, k3.layers.get(name)!]])
  } finally {
    f.close()
  }
}
