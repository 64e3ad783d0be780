/** The built-in feature runner: a TF.js layers backbone on the backend the main thread chose. */
import { initBackend, type TfjsBackendName } from '../backend'
import { loadBackboneModel, type BackboneSpec } from '../backbones/spec'
import { tf } from '../tf'
import type { FeatureRunner, RunnerOptions } from '../runners'

/** `options.weights`: the pool's shared copy (the file is then not opened); without it the file is read here. */
export async function createRunner(spec: BackboneSpec, options: RunnerOptions): Promise<FeatureRunner> {
  const info = await initBackend(options.backend as TfjsBackendName | undefined)
  // Extraction only needs the pooled features: the folded DenseNet121 gives them with fewer kernel calls.
  const model = await loadBackboneModel(spec, { fused: true, weights: options.weights })
  const s = spec.preprocessing.inputSize
  const featureDim = model.outputs[0].shape[1] as number
  return {
    info,
    featureDim,
    async run(inputs, n) {
      const y = tf.tidy(() => model.predict(tf.tensor4d(inputs, [n, s, s, 3])) as tf.Tensor)
      try {
        return (await y.data()) as Float32Array
      } finally {
        y.dispose()
      }
    },
    dispose() {
      model.dispose()
    }
  }
}
