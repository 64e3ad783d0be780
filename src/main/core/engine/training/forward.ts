import { tf, type LayersModel } from '../tf'
import { HEAD_LAYERS } from '../head/head'
import type { HeadConfig } from '../../../../shared/types/training'

/** The head's variables, read from its layers so that training updates the model that gets saved. */
export interface HeadVariables {
  gamma: tf.Variable
  beta: tf.Variable
  movingMean: tf.Variable
  movingVariance: tf.Variable
  k1: tf.Variable
  b1: tf.Variable
  k2: tf.Variable
  b2: tf.Variable
}

export function headVariables(model: LayersModel): HeadVariables {
  const byName = (layer: string, suffix: string): tf.Variable => {
    const w = model.getLayer(layer).weights.find((v) => v.originalName.endsWith(`/${suffix}`))
    if (!w) throw new Error(`head layer ${layer} has no ${suffix} weight`)
    return w.read() as tf.Variable
  }
  return {
    gamma: byName(HEAD_LAYERS.bn, 'gamma'),
    beta: byName(HEAD_LAYERS.bn, 'beta'),
    movingMean: byName(HEAD_LAYERS.bn, 'moving_mean'),
    movingVariance: byName(HEAD_LAYERS.bn, 'moving_variance'),
    k1: byName(HEAD_LAYERS.hidden, 'kernel'),
    b1: byName(HEAD_LAYERS.hidden, 'bias'),
    k2: byName(HEAD_LAYERS.out, 'kernel'),
    b2: byName(HEAD_LAYERS.out, 'bias')
  }
}

/**
 * x·w whose gradient uses explicit transposes. TF.js's wasm backend runs a matMul with transposeA about 20×
 * slower than transpose + plain matMul (measured: 41 ms vs 2 ms for the 1024×40·40×256 kernel gradient), and the
 * built-in matMul gradient uses transposed operands, so the stock gradient made an epoch ~10× slower.
 */
const matMulFastGrad = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc]
  save([x, w])
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[]
      // dx = dy·wᵀ computed as (w·dyᵀ)ᵀ: only the small [batch, ·] operands get transposed, never the kernel.
      const dyT = tf.transpose(dy as tf.Tensor2D)
      return [tf.transpose(tf.matMul(ws, dyT)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)]
    }
  }
}) as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor

/**
 * Reference for the hand-written gradients in head-step.ts (the trainer uses those; the test differentiates this
 * with TF.js autodiff and compares). The head's forward pass in training mode: [batch, dim] → probabilities [batch, classes]. BatchNorm normalises
 * with the batch's statistics and moves its moving mean/variance by (1 − momentum), as Keras does (biased batch
 * variance); dropout multiplies by `dropoutMask` ([batch, units], already scaled by 1/(1 − rate)). Must run inside a tidy/gradient scope.
 */
export function trainingForward(
  v: HeadVariables,
  x: tf.Tensor,
  cfg: HeadConfig,
  dropoutMask: tf.Tensor
): tf.Tensor {
  const { mean, variance } = tf.moments(x, 0)
  const decay = 1 - cfg.bnMomentum
  // Moving statistics are not trained: the loss does not depend on these assignments, so no gradient flows.
  v.movingMean.assign(tf.sub(v.movingMean, tf.mul(tf.sub(v.movingMean, mean), decay)))
  v.movingVariance.assign(tf.sub(v.movingVariance, tf.mul(tf.sub(v.movingVariance, variance), decay)))
  const xn = tf.batchNorm(x, mean, variance, v.beta, v.gamma, cfg.bnEpsilon)
  const h = tf.relu(tf.add(matMulFastGrad(xn, v.k1), v.b1))
  const dropped = cfg.dropout > 0 ? tf.mul(h, dropoutMask) : h
  return tf.softmax(tf.add(matMulFastGrad(dropped, v.k2), v.b2))
}
