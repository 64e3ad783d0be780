/**
 * The head's weights as plain Float32Arrays while it trains: the JS Adam updates them in place, each step uploads
 * them as tensors, and `writeTo` puts them back into the TF.js model (for validation, snapshots and saving).
 * The hidden kernel is held transposed ([units, dim]; see head-step.ts).
 */
import { tf, type LayersModel } from '../tf'
import { HEAD_LAYERS } from '../head/head'
import type { HeadParams } from './head-step'

function read(model: LayersModel, layer: string, suffix: string): { values: Float32Array; shape: number[] } {
  const w = model.getLayer(layer).weights.find((v) => v.originalName.endsWith(`/${suffix}`))
  if (!w) throw new Error(`head layer ${layer} has no ${suffix} weight`)
  const t = w.read()
  return { values: t.dataSync().slice() as Float32Array, shape: t.shape }
}

function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]
  return out
}

export class HeadState {
  readonly trainable: { gamma: Float32Array; beta: Float32Array; w1t: Float32Array; b1: Float32Array; w2: Float32Array; b2: Float32Array }
  readonly movingMean: Float32Array
  readonly movingVariance: Float32Array
  readonly dim: number
  readonly units: number
  readonly classes: number

  constructor(model: LayersModel) {
    const k1 = read(model, HEAD_LAYERS.hidden, 'kernel')
    const k2 = read(model, HEAD_LAYERS.out, 'kernel')
    ;[this.dim, this.units] = k1.shape
    this.classes = k2.shape[1]
    this.trainable = {
      gamma: read(model, HEAD_LAYERS.bn, 'gamma').values,
      beta: read(model, HEAD_LAYERS.bn, 'beta').values,
      w1t: transpose(k1.values, this.dim, this.units),
      b1: read(model, HEAD_LAYERS.hidden, 'bias').values,
      w2: k2.values,
      b2: read(model, HEAD_LAYERS.out, 'bias').values
    }
    this.movingMean = read(model, HEAD_LAYERS.bn, 'moving_mean').values
    this.movingVariance = read(model, HEAD_LAYERS.bn, 'moving_variance').values
  }

  /** The trainable weights as tensors for one step (inside a tidy). */
  tensors(): HeadParams {
    const t = this.trainable
    return {
      gamma: tf.tensor1d(t.gamma),
      beta: tf.tensor1d(t.beta),
      w1t: tf.tensor2d(t.w1t, [this.units, this.dim]),
      b1: tf.tensor1d(t.b1),
      w2: tf.tensor2d(t.w2, [this.units, this.classes]),
      b2: tf.tensor1d(t.b2)
    }
  }

  /** BatchNorm's moving statistics move by (1 − momentum) toward the batch's, as Keras does. */
  updateMoving(mean: ArrayLike<number>, variance: ArrayLike<number>, momentum: number): void {
    const decay = 1 - momentum
    for (let i = 0; i < this.dim; i++) {
      this.movingMean[i] -= (this.movingMean[i] - mean[i]) * decay
      this.movingVariance[i] -= (this.movingVariance[i] - variance[i]) * decay
    }
  }

  /** Copies the weights into the model, layer by layer (a layer's own order: BN γ β mean var; Dense kernel bias). */
  writeTo(model: LayersModel): void {
    const t = this.trainable
    const set = (layer: string, values: tf.Tensor[]) => {
      model.getLayer(layer).setWeights(values)
      tf.dispose(values)
    }
    set(HEAD_LAYERS.bn, [tf.tensor1d(t.gamma), tf.tensor1d(t.beta), tf.tensor1d(this.movingMean), tf.tensor1d(this.movingVariance)])
    set(HEAD_LAYERS.hidden, [tf.tensor2d(transpose(t.w1t, this.units, this.dim), [this.dim, this.units]), tf.tensor1d(t.b1)])
    set(HEAD_LAYERS.out, [tf.tensor2d(t.w2, [this.units, this.classes]), tf.tensor1d(t.b2)])
  }
}
