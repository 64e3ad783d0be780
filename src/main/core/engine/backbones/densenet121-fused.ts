/**
 * Folds each conv → BatchNorm → ReLU of a loaded DenseNet121 into one conv with bias and fused ReLU
 * (kernel × γ/√(σ²+ε), bias β − μ·γ/√(σ²+ε)): the same function, fewer wasm kernel calls per image.
 * Only the BNs that follow a conv fold; the pre-activation BNs on concatenations stay as they are.
 */
import { tf, type LayersModel } from '../tf'
import { buildDenseNet121, type DenseNet121Options } from './densenet121'

const BN_EPSILON = 1.001e-5

/** A new inference model with `src`'s weights folded; `src` is left as it was. */
export function fuseDenseNet121(
  src: LayersModel,
  options: Omit<DenseNet121Options, 'fuseConvBn'> = {}
): LayersModel {
  const fused = buildDenseNet121({ ...options, fuseConvBn: true })
  tf.tidy(() => {
    for (const layer of fused.layers) {
      if (!layer.weights.length) continue
      const from = src.getLayer(layer.name)
      const folded = layer.weights.length === 2 && layer.name.endsWith('_conv')
      if (!folded) {
        layer.setWeights(from.getWeights())
        continue
      }
      const [kernel] = from.getWeights()
      const [gamma, beta, mean, variance] = src.getLayer(layer.name.replace(/_conv$/, '_bn')).getWeights()
      const scale = gamma.div(variance.add(BN_EPSILON).sqrt())
      layer.setWeights([kernel.mul(scale), beta.sub(mean.mul(scale))])
    }
  })
  return fused
}
