import { tf, type LayersModel } from '../tf'
import type { HeadConfig } from '../../../../shared/types/training'
import { PUBLISHED_HEAD } from '../training/published'

/** The published notebook's head on top of the frozen, globally pooled base. */
export { PUBLISHED_HEAD }

/** Layer names, fixed so that saved heads, imported Keras heads and the trainer agree. */
export const HEAD_LAYERS = {
  bn: 'head_bn',
  hidden: 'head_dense',
  dropout: 'head_dropout',
  out: 'head_out'
} as const

/**
 * Builds the classification head: input [batch, featureDim] →
 * BatchNormalization(momentum, epsilon) → Dense(units, ReLU, L2) → Dropout → Dense(classes, softmax) →
 * [batch, classes]. Kernels use Glorot-uniform with seeds drawn from `seed` (Keras' defaults otherwise:
 * zero biases, BatchNorm gamma 1 / beta 0 / moving mean 0 / moving variance 1), so a seed gives the same head.
 *
 * The Dropout layer carries no seed on purpose: a TF.js Dropout with a fixed seed draws the same mask on every
 * batch. The trainer applies dropout itself with a fresh seeded mask per step (see train-head.ts); at inference
 * Dropout is the identity.
 */
export function buildHead(
  featureDim: number,
  classCount: number,
  seed: number,
  cfg: HeadConfig = PUBLISHED_HEAD
): LayersModel {
  if (!(featureDim > 0) || !(classCount >= 2)) {
    throw new Error(`buildHead: need featureDim > 0 and ≥ 2 classes (got ${featureDim}, ${classCount})`)
  }
  const model = tf.sequential({ name: 'leukolens_head' })
  model.add(
    tf.layers.batchNormalization({
      name: HEAD_LAYERS.bn,
      inputShape: [featureDim],
      axis: -1,
      momentum: cfg.bnMomentum,
      epsilon: cfg.bnEpsilon
    })
  )
  model.add(
    tf.layers.dense({
      name: HEAD_LAYERS.hidden,
      units: cfg.units,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      kernelRegularizer: tf.regularizers.l2({ l2: cfg.l2 })
    })
  )
  model.add(tf.layers.dropout({ name: HEAD_LAYERS.dropout, rate: cfg.dropout }))
  model.add(
    tf.layers.dense({
      name: HEAD_LAYERS.out,
      units: classCount,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 })
    })
  )
  return model
}

/** Reads the head's config back from a built or loaded head (for the registry's metadata). */
export function headConfigOf(model: LayersModel): HeadConfig {
  const bn = model.getLayer(HEAD_LAYERS.bn).getConfig()
  const hidden = model.getLayer(HEAD_LAYERS.hidden).getConfig()
  const dropout = model.getLayer(HEAD_LAYERS.dropout).getConfig()
  const reg = hidden.kernelRegularizer as { config?: { l2?: number } } | null
  return {
    units: hidden.units as number,
    l2: reg?.config?.l2 ?? 0,
    dropout: dropout.rate as number,
    bnMomentum: bn.momentum as number,
    bnEpsilon: bn.epsilon as number
  }
}

/**
 * Class probabilities for a feature matrix [n, featureDim] → Float32Array [n * classes], in batches so a large
 * evaluation does not hold one huge activation. Inference mode: BatchNorm uses its moving statistics.
 */
export function predictProbabilities(
  head: LayersModel,
  features: Float32Array,
  featureDim: number,
  batch = 1024
): Float32Array {
  const n = features.length / featureDim
  if (!Number.isInteger(n))
    throw new Error(`predict: ${features.length} values is not a multiple of ${featureDim}`)
  const classes = (head.outputs[0].shape[1] as number) ?? 0
  const out = new Float32Array(n * classes)
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch)
    const probs = tf.tidy(() => {
      const x = tf.tensor2d(features.subarray(start * featureDim, end * featureDim), [
        end - start,
        featureDim
      ])
      return head.predict(x) as tf.Tensor
    })
    out.set(probs.dataSync() as Float32Array, start * classes)
    probs.dispose()
  }
  return out
}
