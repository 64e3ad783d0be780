import { describe, expect, it } from 'vitest'
import { tf } from '../../src/main/core/engine/tf'
import { predictProbabilities } from '../../src/main/core/engine/head/head'
import {
  encodeLinearHead,
  logisticObjective,
  standardiser,
  trainLinearHead
} from '../../src/main/core/engine/training/linear-head'
import { lbfgs } from '../../src/main/core/engine/training/lbfgs'
import { PUBLISHED_HYPERPARAMETERS } from '../../src/main/core/engine/training/train-head'
import { mulberry32 } from '../../src/main/core/splits/random'

describe('L-BFGS', () => {
  it('finds the minimum of a badly scaled quadratic', () => {
    // f = Σ cᵢ (xᵢ − i)², minimum at x = (0, 1, 2, 3)
    const c = [1, 10, 100, 1000]
    const r = lbfgs(
      (x, g) => {
        let v = 0
        for (let i = 0; i < 4; i++) {
          v += c[i] * (x[i] - i) ** 2
          g[i] = 2 * c[i] * (x[i] - i)
        }
        return v
      },
      new Float64Array(4),
      { gradientTolerance: 1e-9 }
    )
    expect(r.converged).toBe(true)
    Array.from(r.x).forEach((v, i) => expect(v).toBeCloseTo(i, 6))
  })
})

describe('logistic head', () => {
  const rnd = mulberry32(3)
  const dim = 5
  const n = 60
  const x = Float32Array.from({ length: n * dim }, () => rnd() * 2 - 1)
  const labels = Int32Array.from({ length: n }, (_, r) => (x[r * dim] + 0.5 * x[r * dim + 1] > 0 ? 1 : 0))

  it('has the gradient of its objective (finite differences)', () => {
    const p = { x, labels, weights: Float64Array.from(labels, (l) => (l ? 2 : 1)), dim, k: 2, l2: 0.1 }
    const theta = Float64Array.from({ length: 2 * dim + 2 }, () => rnd() - 0.5)
    const g = new Float64Array(theta.length)
    logisticObjective(p, theta, g)
    const scratch = new Float64Array(theta.length)
    for (const i of [0, 3, 7, 10, 11]) {
      const up = Float64Array.from(theta)
      const down = Float64Array.from(theta)
      up[i] += 1e-5
      down[i] -= 1e-5
      const numeric = (logisticObjective(p, up, scratch) - logisticObjective(p, down, scratch)) / 2e-5
      expect(g[i]).toBeCloseTo(numeric, 6)
    }
  })

  it('is written exactly into the published layers: the head computes softmax(W·standardised(x) + b)', () => {
    const s = standardiser(x, dim, 1e-3)
    const theta = Float64Array.from({ length: 2 * dim + 2 }, () => rnd() * 2 - 1)
    const before = tf.memory().numTensors
    const head = encodeLinearHead(theta, s, dim, 2)
    const probs = predictProbabilities(head, x, dim)
    head.dispose()
    expect(tf.memory().numTensors).toBe(before)
    for (let r = 0; r < n; r++) {
      const z = [0, 1].map((c) => {
        let v = theta[2 * dim + c]
        for (let j = 0; j < dim; j++)
          v += (theta[c * dim + j] * (x[r * dim + j] - s.mean[j])) / Math.sqrt(s.variance[j] + 1e-3)
        return v
      })
      const p1 = 1 / (1 + Math.exp(z[0] - z[1]))
      expect(probs[r * 2 + 1]).toBeCloseTo(p1, 4)
    }
  })

  it('learns a planted linear rule, and stronger L2 gives smaller weights', async () => {
    const fit = async (l2: number) => {
      const r = await trainLinearHead({
        train: { features: x, labels, featureDim: dim },
        val: { features: x, labels, featureDim: dim },
        classCount: 2,
        hyper: { ...PUBLISHED_HYPERPARAMETERS, classWeight: 'balanced', linear: { l2 } }
      })
      const probs = predictProbabilities(r.model, x, dim)
      const w = (r.model.getLayer('head_dense').getWeights()[0].dataSync() as Float32Array).reduce(
        (a, v) => a + v * v,
        0
      )
      r.model.dispose()
      const right = Array.from(labels).filter((l, i) => (probs[i * 2 + 1] >= 0.5 ? 1 : 0) === l).length
      return { right, w, history: r.history.length }
    }
    const weak = await fit(1e-3)
    const strong = await fit(1)
    expect(weak.right).toBeGreaterThanOrEqual(57)
    expect(weak.history).toBeGreaterThan(0)
    expect(strong.w).toBeLessThan(weak.w / 10)
  })
})
