import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../src/main/core/engine/backend'
import { tf } from '../../src/main/core/engine/tf'
import {
  buildHead,
  headConfigOf,
  predictProbabilities,
  PUBLISHED_HEAD
} from '../../src/main/core/engine/head/head'
import {
  classWeights,
  PUBLISHED_HYPERPARAMETERS,
  trainHead,
  TrainingCancelledError,
  type FeatureSet
} from '../../src/main/core/engine/training/train-head'
import { Prng } from '../../src/main/core/engine/training/prng'

beforeAll(async () => {
  await initBackend('wasm')
})

/** Two noisy clusters in `dim` dims: class 1 shifted on every 3rd feature. ~30% class 1. */
function clusters(n: number, dim: number, seed: number, shift = 0.6): FeatureSet {
  const r = new Prng(seed)
  const features = new Float32Array(n * dim)
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    labels[i] = r.next() < 0.3 ? 1 : 0
    for (let j = 0; j < dim; j++) features[i * dim + j] = r.next() + (j % 3 === 0 && labels[i] ? shift : 0)
  }
  return { features, labels, featureDim: dim }
}

describe('head', () => {
  it('has the published layers and parameter count', () => {
    const m = buildHead(1024, 2, 7)
    // BN 4·1024, Dense 1024·256+256, Dense 256·2+2: 264,962 trainable-or-not (the seed model's head)
    expect(m.countParams()).toBe(4 * 1024 + 1024 * 256 + 256 + 256 * 2 + 2)
    expect(headConfigOf(m)).toEqual(PUBLISHED_HEAD)
    m.dispose()
  })

  it('same seed, same initial weights; predict leaks no tensor', () => {
    const a = buildHead(16, 3, 5)
    const b = buildHead(16, 3, 5)
    const c = buildHead(16, 3, 6)
    const w = (m: tf.LayersModel) => Array.from(m.getWeights()[4].dataSync())
    expect(w(a)).toEqual(w(b))
    expect(w(a)).not.toEqual(w(c))
    const before = tf.memory().numTensors
    const p = predictProbabilities(a, new Float32Array(5 * 16).fill(0.5), 16, 2)
    expect(tf.memory().numTensors).toBe(before)
    expect(p.length).toBe(15)
    for (let i = 0; i < 5; i++) expect(p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2]).toBeCloseTo(1, 5)
    for (const m of [a, b, c]) m.dispose()
  })

  it('balanced class weights follow n / (classes · count)', () => {
    expect(classWeights(Int32Array.from([0, 0, 0, 1]), 2, 'balanced')).toEqual([4 / 6, 2])
    expect(classWeights(Int32Array.from([0, 1]), 3, 'balanced')).toEqual([2 / 3, 2 / 3, 0])
    expect(classWeights(Int32Array.from([0, 1]), 2, 'none')).toEqual([1, 1])
  })
})

describe('trainHead', () => {
  // 50 steps an epoch: enough for BatchNorm's moving statistics (momentum 0.99) to settle, as on real data.
  const train = clusters(2000, 24, 1)
  const val = clusters(120, 24, 2)
  const hyper = { ...PUBLISHED_HYPERPARAMETERS, epochs: 6, learningRate: 3e-3, seed: 11 }

  it('can train: learns separable features, reports every epoch, leaks no tensor', async () => {
    const before = tf.memory().numTensors
    const logs: number[] = []
    const r = await trainHead({ train, val, classCount: 2, hyper, onEpoch: (l) => logs.push(l.epoch) })
    expect(logs).toEqual(r.history.map((h) => h.epoch))
    expect(r.history.length).toBeGreaterThan(1)
    const last = r.history[r.history.length - 1]
    expect(r.history[0].loss).toBeGreaterThan(last.loss)
    const probs = predictProbabilities(r.model, val.features, 24)
    let correct = 0
    for (let i = 0; i < val.labels.length; i++)
      if ((probs[i * 2 + 1] > probs[i * 2] ? 1 : 0) === val.labels[i]) correct++
    expect(correct / val.labels.length).toBeGreaterThan(0.9)
    // the restored weights are the best epoch's: its validation accuracy is what predict gives now
    expect(correct / val.labels.length).toBeCloseTo(r.history[r.bestEpoch - 1].valAccuracy, 5)
    r.model.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  it('is reproducible from its seed', async () => {
    const a = await trainHead({ train, val, classCount: 2, hyper: { ...hyper, epochs: 2 } })
    const b = await trainHead({ train, val, classCount: 2, hyper: { ...hyper, epochs: 2 } })
    const c = await trainHead({ train, val, classCount: 2, hyper: { ...hyper, epochs: 2, seed: 12 } })
    expect(b.history.map((h) => h.valLoss)).toEqual(a.history.map((h) => h.valLoss))
    expect(c.history[1].valLoss).not.toBe(a.history[1].valLoss)
    for (const r of [a, b, c]) r.model.dispose()
  })

  it('cancel throws and disposes everything', async () => {
    const before = tf.memory().numTensors
    const ctl = new AbortController()
    const run = trainHead({
      train,
      val,
      classCount: 2,
      hyper,
      signal: ctl.signal,
      onEpoch: () => ctl.abort()
    })
    await expect(run).rejects.toBeInstanceOf(TrainingCancelledError)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('rejects inconsistent inputs with a clear message', async () => {
    const bad = { ...train, labels: train.labels.subarray(1) }
    await expect(trainHead({ train: bad, val, classCount: 2, hyper })).rejects.toThrow(
      /training set: .* feature values for 1999 labels/
    )
  })
})
