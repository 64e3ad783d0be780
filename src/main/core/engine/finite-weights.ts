import { tf, type LayersModel, type Tensor } from './tf'

/** Whether every value of `t` is a finite number (no NaN, no infinity). */
export const allFinite = (t: Tensor): boolean => tf.tidy(() => t.isFinite().all().dataSync()[0] === 1)

/**
 * The name of the first weight of `model` that holds NaN or infinity, or undefined when all are finite. A probe
 * forward pass cannot see every such weight (a ReLU clamps NaN to 0 on some backends), and a model file from
 * elsewhere must be refused before anything is computed with it.
 */
export function nonFiniteWeight(model: LayersModel): string | undefined {
  return model.weights.find((w) => !allFinite(w.read()))?.originalName
}
