import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { initBackend } from '../../src/main/core/engine/backend'
import { tf } from '../../src/main/core/engine/tf'
import { trainedSetup, type TrainedSetup } from '../integration/scan-model.fixture'
import { saveLayersModel } from './layers-model'

/**
 * A model that classifies real cells in milliseconds, for tests whose subject is the scan machinery and not the
 * model: a seeded 32×32-input backbone (one strided convolution, global average pooling: 8 features) added as any
 * TF.js backbone is, and a head trained on it as the scan tests train theirs (scan-model.fixture.ts). Its accuracy
 * is not what it is for; being deterministic and fast is.
 */
export async function tinyModelSetup(root: string): Promise<TrainedSetup> {
  await initBackend('wasm')
  const dir = join(root, 'tiny-backbone')
  mkdirSync(dir, { recursive: true })
  const input = tf.input({ shape: [32, 32, 3] })
  const conv = tf.layers
    .conv2d({
      filters: 8,
      kernelSize: 3,
      strides: 2,
      activation: 'relu',
      name: 'conv',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 })
    })
    .apply(input) as tf.SymbolicTensor
  const model = tf.model({
    inputs: input,
    outputs: tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tf.SymbolicTensor
  })
  await saveLayersModel(model, dir)
  model.dispose()
  return trainedSetup(root, { path: join(dir, 'model.json'), name: 'tiny', inputSize: 32 })
}
