/**
 * The `logistic` recipes: a class-weighted, L2-regularised multinomial logistic regression on standardised stored
 * features, fitted to convergence by L-BFGS. Measured on forward splits (README, "Default recipe") it carries over
 * to later patients better than the published head: fewer free parameters and one convex optimum, so nothing
 * depends on which epoch validation happened to like.
 *
 * The fitted model is written into the published head's layers, exactly: BatchNorm holds the standardisation
 * (moving mean and variance), the hidden Dense holds +z and −z for each class score z = W·x + b (ReLU(z) − ReLU(−z)
 * = z), and the output Dense adds them back before the softmax. So it is saved, loaded, exported, explained
 * (Grad-CAM) and converted like every other head, with no new file format.
 */
import { tf, type LayersModel } from '../tf'
import { buildHead, HEAD_LAYERS } from '../head/head'
import { classWeights, TrainingCancelledError, type TrainHeadInput, type TrainHeadResult } from './train-head'
import { lbfgs } from './lbfgs'
import type { EpochLog, HeadConfig } from '../../../../shared/types/training'

/** Iterations reported as one "epoch" to the progress display (the solver has no epochs of its own). */
const ITERATIONS_PER_LOG = 25
const MAX_ITERATIONS = 400

/** The published head's shape with the linear model's sizes: 2 hidden units per class, no dropout or L2. */
export function linearHeadConfig(classCount: number): HeadConfig {
  return { units: 2 * classCount, l2: 0, dropout: 0, bnMomentum: 0.99, bnEpsilon: 1e-3 }
}

export interface Standardiser {
  mean: Float64Array
  /** Variance; features are standardised by √(variance + ε) with BatchNorm's ε. */
  variance: Float64Array
  epsilon: number
}

export function standardiser(features: Float32Array, dim: number, epsilon: number): Standardiser {
  const n = features.length / dim
  const mean = new Float64Array(dim)
  const variance = new Float64Array(dim)
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) mean[j] += features[r * dim + j] / n
  for (let r = 0; r < n; r++)
    for (let j = 0; j < dim; j++) variance[j] += (features[r * dim + j] - mean[j]) ** 2 / n
  return { mean, variance, epsilon }
}

function standardised(features: Float32Array, dim: number, s: Standardiser): Float32Array {
  const out = new Float32Array(features.length)
  const scale = Float64Array.from(s.variance, (v) => 1 / Math.sqrt(v + s.epsilon))
  for (let i = 0; i < features.length; i++) {
    const j = i % dim
    out[i] = (features[i] - s.mean[j]) * scale[j]
  }
  return out
}

interface Problem {
  x: Float32Array
  labels: Int32Array
  weights: Float64Array
  dim: number
  k: number
  l2: number
}

/**
 * Objective: Σ wᵢ·CEᵢ / Σ wᵢ + (l2 / 2)·‖W‖² (the bias is not penalised), with its gradient. Parameters are
 * laid out as W [k, dim] then b [k].
 */
export function logisticObjective(p: Problem, theta: Float64Array, grad: Float64Array): number {
  const { x, labels, weights, dim, k, l2 } = p
  const n = labels.length
  grad.fill(0)
  let loss = 0
  let wsum = 0
  const z = new Float64Array(k)
  for (let r = 0; r < n; r++) {
    const row = r * dim
    let max = -Infinity
    for (let c = 0; c < k; c++) {
      let v = theta[k * dim + c]
      const wc = c * dim
      for (let j = 0; j < dim; j++) v += theta[wc + j] * x[row + j]
      z[c] = v
      if (v > max) max = v
    }
    let sum = 0
    for (let c = 0; c < k; c++) sum += Math.exp(z[c] - max)
    const logSum = max + Math.log(sum)
    const w = weights[r]
    wsum += w
    loss += w * (logSum - z[labels[r]])
    for (let c = 0; c < k; c++) {
      const residual = w * (Math.exp(z[c] - logSum) - (labels[r] === c ? 1 : 0))
      if (residual === 0) continue
      const wc = c * dim
      for (let j = 0; j < dim; j++) grad[wc + j] += residual * x[row + j]
      grad[k * dim + c] += residual
    }
  }
  let penalty = 0
  for (let i = 0; i < grad.length; i++) {
    grad[i] /= wsum
    if (i < k * dim) {
      penalty += theta[i] * theta[i]
      grad[i] += l2 * theta[i]
    }
  }
  return loss / wsum + (l2 / 2) * penalty
}

/** Writes W [k, dim], b [k] and the standardisation into a head of `linearHeadConfig`'s shape. */
export function encodeLinearHead(theta: Float64Array, s: Standardiser, dim: number, k: number): LayersModel {
  const model = buildHead(dim, k, 0, linearHeadConfig(k))
  const hidden = new Float32Array(dim * 2 * k)
  const hiddenBias = new Float32Array(2 * k)
  const out = new Float32Array(2 * k * k)
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < dim; j++) {
      hidden[j * 2 * k + 2 * c] = theta[c * dim + j]
      hidden[j * 2 * k + 2 * c + 1] = -theta[c * dim + j]
    }
    hiddenBias[2 * c] = theta[k * dim + c]
    hiddenBias[2 * c + 1] = -theta[k * dim + c]
    out[2 * c * k + c] = 1
    out[(2 * c + 1) * k + c] = -1
  }
  const tensors = [
    tf.ones([dim]),
    tf.zeros([dim]),
    tf.tensor1d(Float32Array.from(s.mean)),
    tf.tensor1d(Float32Array.from(s.variance))
  ]
  model.getLayer(HEAD_LAYERS.bn).setWeights(tensors)
  const dense = [tf.tensor2d(hidden, [dim, 2 * k]), tf.tensor1d(hiddenBias)]
  model.getLayer(HEAD_LAYERS.hidden).setWeights(dense)
  const outT = [tf.tensor2d(out, [2 * k, k]), tf.zeros([k])]
  model.getLayer(HEAD_LAYERS.out).setWeights(outT)
  tf.dispose([...tensors, ...dense, ...outT])
  return model
}

function accuracyAndLoss(
  p: Omit<Problem, 'weights' | 'l2'>,
  theta: Float64Array
): { loss: number; acc: number } {
  const { x, labels, dim, k } = p
  let loss = 0
  let right = 0
  for (let r = 0; r < labels.length; r++) {
    const z = Array.from({ length: k }, (_, c) => {
      let v = theta[k * dim + c]
      for (let j = 0; j < dim; j++) v += theta[c * dim + j] * x[r * dim + j]
      return v
    })
    const max = Math.max(...z)
    const logSum = max + Math.log(z.reduce((a, v) => a + Math.exp(v - max), 0))
    loss += logSum - z[labels[r]]
    if (z.indexOf(max) === labels[r]) right++
  }
  return { loss: loss / labels.length, acc: right / labels.length }
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r))

/**
 * Fits the logistic recipe (`hyper.linear.l2`, `hyper.classWeight`; flipped copies are already in `train` when
 * the recipe asks for them) and returns it as a head. Validation is only reported, never used to stop: the
 * optimum of a convex objective does not depend on it.
 */
export async function trainLinearHead(input: TrainHeadInput): Promise<TrainHeadResult> {
  const { train, val, classCount: k, hyper } = input
  if (!hyper.linear) throw new Error('trainLinearHead: the recipe has no linear settings')
  const dim = train.featureDim
  const started = performance.now()
  const s = standardiser(train.features, dim, linearHeadConfig(k).bnEpsilon)
  const cw = classWeights(train.labels, k, hyper.classWeight)
  const problem: Problem = {
    x: standardised(train.features, dim, s),
    labels: train.labels,
    weights: Float64Array.from(train.labels, (l) => cw[l]),
    dim,
    k,
    l2: hyper.linear.l2
  }
  const valProblem = { x: standardised(val.features, dim, s), labels: val.labels, dim, k }
  const history: EpochLog[] = []
  let last = started
  const log = (iteration: number, theta: Float64Array): void => {
    const t = accuracyAndLoss(problem, theta)
    const v = accuracyAndLoss(valProblem, theta)
    const now = performance.now()
    history.push({
      epoch: history.length + 1,
      loss: t.loss,
      accuracy: t.acc,
      valLoss: v.loss,
      valAccuracy: v.acc,
      learningRate: 0,
      monitor: 'val_loss',
      improved: true,
      seconds: (now - last) / 1000
    })
    last = now
    input.onEpoch?.(history[history.length - 1])
    void iteration
  }
  // The solver is synchronous; it runs in slices so that a cancel and progress events get through.
  let theta: Float64Array = new Float64Array(k * dim + k)
  let total = 0
  let converged = false
  while (!converged && total < MAX_ITERATIONS) {
    if (input.signal?.aborted) throw new TrainingCancelledError()
    const r = lbfgs((t, g) => logisticObjective(problem, t, g), theta, {
      maxIterations: ITERATIONS_PER_LOG,
      gradientTolerance: 1e-5
    })
    theta = r.x
    total += r.iterations
    converged = r.converged || r.iterations < ITERATIONS_PER_LOG
    log(total, theta)
    await yieldToEventLoop()
  }
  return {
    model: encodeLinearHead(theta, s, dim, k),
    history,
    bestEpoch: history.length,
    stoppedEarly: converged,
    seconds: (performance.now() - started) / 1000
  }
}
