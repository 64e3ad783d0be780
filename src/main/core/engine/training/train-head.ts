import { tf, type LayersModel } from '../tf'
import { buildHead } from '../head/head'
import { headVariables } from './forward'
import { Adam, headStep, type HeadParams } from './head-step'
import { Prng } from './prng'
import { PlateauState, PUBLISHED_PLATEAU } from './plateau'
import { PUBLISHED_HYPERPARAMETERS } from './published'
import type { EpochLog, TrainHyperparameters } from '../../../../shared/types/training'

/** A labelled feature matrix: `features` is row-major [n, featureDim], `labels` class indices. */
export interface FeatureSet {
  features: Float32Array
  labels: Int32Array
  featureDim: number
}

export { PUBLISHED_HYPERPARAMETERS }

export interface TrainHeadInput {
  train: FeatureSet
  val: FeatureSet
  classCount: number
  hyper: TrainHyperparameters
  onEpoch?: (log: EpochLog) => void
  signal?: AbortSignal
}

export interface TrainHeadResult {
  /** The head with the best epoch's weights restored. The caller owns it (dispose when done). */
  model: LayersModel
  history: EpochLog[]
  bestEpoch: number
  /** True when the callback stopped before `epochs`. */
  stoppedEarly: boolean
  seconds: number
}

export class TrainingCancelledError extends Error {
  override name = 'TrainingCancelledError'
  constructor() {
    super('training cancelled')
  }
}

/**
 * Keras' `class_weight="balanced"` recipe (scikit-learn's compute_class_weight): n / (classes · count_c).
 * A class absent from training gets weight 0 (it contributes no samples anyway).
 */
export function classWeights(labels: Int32Array, classCount: number, rule: 'none' | 'balanced'): number[] {
  if (rule === 'none') return new Array<number>(classCount).fill(1)
  const counts = new Array<number>(classCount).fill(0)
  for (const l of labels) counts[l]++
  return counts.map((c) => (c === 0 ? 0 : labels.length / (classCount * c)))
}

function checkSet(name: string, s: FeatureSet, classCount: number): number {
  const n = s.labels.length
  if (s.features.length !== n * s.featureDim) {
    throw new Error(`${name}: ${s.features.length} feature values for ${n} labels × ${s.featureDim} dims`)
  }
  if (n === 0) throw new Error(`${name}: no samples`)
  for (const l of s.labels)
    if (!(l >= 0 && l < classCount)) throw new Error(`${name}: label ${l} outside 0..${classCount - 1}`)
  return n
}

const EPS = 1e-7 // Keras' backend epsilon: probabilities are clipped to [eps, 1 - eps] before the log.

/** Per-sample categorical cross-entropy of softmax probabilities p [n, k] against one-hot y [n, k]. */
function crossEntropy(p: tf.Tensor, y: tf.Tensor): tf.Tensor1D {
  return tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, EPS, 1 - EPS))), -1)) as tf.Tensor1D
}

function oneHot(labels: Int32Array, classCount: number): Float32Array {
  const y = new Float32Array(labels.length * classCount)
  labels.forEach((l, i) => (y[i * classCount + l] = 1))
  return y
}

/**
 * Copies one mini-batch's rows out of the training arrays. Done in JS because the wasm backend's gather is
 * slower (≈3 ms for 40 rows of 1024) than copying 40 rows of a Float32Array.
 */
function assembleBatch(
  set: FeatureSet,
  y: Float32Array,
  w: Float32Array,
  order: Int32Array,
  start: number,
  end: number,
  k: number
) {
  const d = set.featureDim
  const n = end - start
  const out = { x: new Float32Array(n * d), y: new Float32Array(n * k), w: new Float32Array(n) }
  for (let i = 0; i < n; i++) {
    const r = order[start + i]
    out.x.set(set.features.subarray(r * d, (r + 1) * d), i * d)
    out.y.set(y.subarray(r * k, (r + 1) * k), i * k)
    out.w[i] = w[r]
  }
  return out
}

/** Inverted dropout mask: 0 with probability `rate`, else 1 / (1 − rate), drawn from the run's seeded PRNG. */
function dropoutMask(rng: Prng, size: number, rate: number): Float32Array {
  const m = new Float32Array(size)
  const keep = 1 / (1 - rate)
  for (let i = 0; i < size; i++) m[i] = rng.next() < rate ? 0 : keep
  return m
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r))

/**
 * Trains the published head on stored features: Adam, categorical cross-entropy (+ the hidden layer's L2),
 * mini-batches reshuffled every epoch by a seeded permutation, a fresh seeded dropout mask per step, class
 * weights on the training loss only (as Keras does), and the plateau callback deciding learning rate, stop
 * and the best epoch, whose weights (BatchNorm moving statistics included) are restored at the end.
 *
 * Written as an explicit loop rather than `model.fit` because TF.js's Dropout with a seed repeats one mask on
 * every batch, because the callback needs to read and set the learning rate and snapshot weights, and because
 * hand-written gradients (head-step.ts) make a step ~2× faster on wasm than autodiff.
 * Cancelling (`signal`) throws TrainingCancelledError and disposes everything it made.
 */
export async function trainHead(input: TrainHeadInput): Promise<TrainHeadResult> {
  const { train, val, classCount, hyper } = input
  const nTrain = checkSet('training set', train, classCount)
  checkSet('validation set', val, classCount)
  if (val.featureDim !== train.featureDim)
    throw new Error(`validation features have ${val.featureDim} dims, training ${train.featureDim}`)
  const dim = train.featureDim
  const started = performance.now()
  const rng = new Prng(hyper.seed)
  const model = buildHead(dim, classCount, rng.seed(), hyper.head)
  const head = headVariables(model)
  const l2 = hyper.head.l2
  const adam = new Adam(hyper.learningRate)
  // The hidden kernel is trained transposed (see head-step.ts) and written back into the model each epoch.
  const w1t = tf.tidy(() => tf.variable(tf.transpose(head.k1), true))
  const params: HeadParams = { ...head, w1t, w2: head.k2 }
  const plateau = new PlateauState({
    ...PUBLISHED_PLATEAU,
    patience: hyper.patience,
    stopPatience: hyper.stopPatience,
    monitor: hyper.monitor,
    learningRate: hyper.learningRate
  })
  const weightsPerClass = classWeights(train.labels, classCount, hyper.classWeight)
  const yOneHot = oneHot(train.labels, classCount)
  const sampleWeights = Float32Array.from(train.labels, (l) => weightsPerClass[l])
  const xVal = tf.tensor2d(val.features, [val.labels.length, dim])
  const yVal = tf.tensor2d(oneHot(val.labels, classCount), [val.labels.length, classCount])
  const history: EpochLog[] = []
  let best: Float32Array[] | undefined
  let stoppedEarly = false
  try {
    for (let epoch = 1; epoch <= hyper.epochs; epoch++) {
      const t0 = performance.now()
      const lr = plateau.learningRate
      const order = rng.permutation(nTrain)
      let lossSum = tf.scalar(0)
      let correctSum = tf.scalar(0)
      for (let start = 0; start < nTrain; start += hyper.batchSize) {
        if (input.signal?.aborted) throw new TrainingCancelledError()
        const end = Math.min(nTrain, start + hyper.batchSize)
        const batch = assembleBatch(train, yOneHot, sampleWeights, order, start, end, classCount)
        const mask = dropoutMask(rng, (end - start) * hyper.head.units, hyper.head.dropout)
        const [nextLoss, nextCorrect] = tf.tidy(() => {
          const n = end - start
          const out = headStep(params, {
            x: tf.tensor2d(batch.x, [n, dim]),
            y: tf.tensor2d(batch.y, [n, classCount]),
            w: tf.tensor1d(batch.w),
            mask: hyper.head.dropout > 0 ? tf.tensor2d(mask, [n, hyper.head.units]) : null,
            l2,
            epsilon: hyper.head.bnEpsilon,
            momentum: hyper.head.bnMomentum
          })
          // BatchNorm's moving statistics move by (1 − momentum) toward the batch's, as Keras does.
          const decay = 1 - hyper.head.bnMomentum
          head.movingMean.assign(tf.sub(head.movingMean, tf.mul(tf.sub(head.movingMean, out.mean), decay)))
          head.movingVariance.assign(
            tf.sub(head.movingVariance, tf.mul(tf.sub(head.movingVariance, out.variance), decay))
          )
          adam.apply(params as unknown as Record<string, tf.Variable>, out.grads)
          return [tf.add(lossSum, tf.mul(out.loss, n)), tf.add(correctSum, out.correct)] as tf.Scalar[]
        })
        tf.dispose([lossSum, correctSum])
        lossSum = nextLoss as tf.Scalar
        correctSum = nextCorrect as tf.Scalar
        if (((start / hyper.batchSize) | 0) % 50 === 49) await yieldToEventLoop()
      }
      const trainLoss = (await lossSum.data())[0] / nTrain
      const trainAcc = (await correctSum.data())[0] / nTrain
      tf.dispose([lossSum, correctSum])
      tf.tidy(() => head.k1.assign(tf.transpose(w1t)))
      const [valLoss, valAcc] = evaluateLoss(model, xVal, yVal, l2, head.k1)
      const d = plateau.update({ loss: trainLoss, accuracy: trainAcc, valLoss, valAccuracy: valAcc })
      if (d.improved) best = model.getWeights().map((w) => w.dataSync().slice() as Float32Array)
      if (d.reduced) adam.learningRate = d.learningRate
      const log: EpochLog = {
        epoch,
        loss: trainLoss,
        accuracy: trainAcc,
        valLoss,
        valAccuracy: valAcc,
        learningRate: lr,
        monitor: d.monitor,
        improved: d.improved,
        reducedTo: d.reduced ? d.learningRate : undefined,
        seconds: (performance.now() - t0) / 1000
      }
      history.push(log)
      input.onEpoch?.(log)
      await yieldToEventLoop()
      if (input.signal?.aborted) throw new TrainingCancelledError()
      if (d.stop) {
        stoppedEarly = epoch < hyper.epochs
        break
      }
    }
    if (best) {
      const shapes = model.getWeights().map((w) => w.shape)
      const restored = best.map((b, i) => tf.tensor(b, shapes[i]))
      model.setWeights(restored)
      tf.dispose(restored)
    }
    return {
      model,
      history,
      bestEpoch: plateau.bestEpoch || history.length,
      stoppedEarly,
      seconds: (performance.now() - started) / 1000
    }
  } catch (err) {
    model.dispose()
    throw err
  } finally {
    tf.dispose([xVal, yVal])
    adam.dispose()
    w1t.dispose()
  }
}

/** Validation loss (cross-entropy + L2, unweighted, as Keras reports val_loss) and accuracy, in inference mode. */
function evaluateLoss(
  model: LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  l2: number,
  kernel: tf.Tensor
): [number, number] {
  const n = x.shape[0]
  let ce = 0
  let correct = 0
  const batch = 2048
  for (let s = 0; s < n; s += batch) {
    const e = Math.min(n, s + batch)
    const [c, k] = tf.tidy(() => {
      const xb = x.slice([s, 0], [e - s, -1])
      const yb = y.slice([s, 0], [e - s, -1])
      const p = model.predict(xb) as tf.Tensor
      return [tf.sum(crossEntropy(p, yb)), tf.sum(tf.equal(tf.argMax(p, -1), tf.argMax(yb, -1)).toFloat())]
    })
    ce += c.dataSync()[0]
    correct += k.dataSync()[0]
    tf.dispose([c, k])
  }
  const reg = tf.tidy(() => tf.mul(l2, tf.sum(tf.square(kernel))))
  const regValue = reg.dataSync()[0]
  reg.dispose()
  return [ce / n + regValue, correct / n]
}
