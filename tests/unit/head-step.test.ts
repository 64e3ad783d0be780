import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../src/main/core/engine/backend'
import { tf } from '../../src/main/core/engine/tf'
import { buildHead, PUBLISHED_HEAD } from '../../src/main/core/engine/head/head'
import { headVariables, trainingForward } from '../../src/main/core/engine/training/forward'
import { Adam, headStep } from '../../src/main/core/engine/training/head-step'
import { Prng } from '../../src/main/core/engine/training/prng'

beforeAll(async () => {
  await initBackend('wasm')
})

const close = (a: tf.Tensor, b: tf.Tensor, tol = 1e-5) => {
  expect(a.shape).toEqual(b.shape)
  const [x, y] = [a.dataSync(), b.dataSync()]
  const scale = Math.max(1e-3, ...Array.from(y, Math.abs))
  x.forEach((v, i) => expect(Math.abs(v - y[i]) / scale).toBeLessThan(tol))
}

describe('hand-written head gradients', () => {
  it('match TF.js autodiff of the same forward pass (BatchNorm in training mode, dropout mask, weights, L2)', () => {
    const [n, d, h, k] = [10, 12, 8, 3]
    const cfg = { ...PUBLISHED_HEAD, units: h, l2: 0.01 }
    const model = buildHead(d, k, 4, cfg)
    const v = headVariables(model)
    const r = new Prng(9)
    const rand = (shape: number[], f = (u: number) => u) =>
      tf.tensor(
        Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => f(r.next())),
        shape
      )
    // non-trivial BN parameters so that dγ and dβ are exercised
    v.gamma.assign(rand([d], (u) => 0.5 + u) as tf.Tensor1D)
    v.beta.assign(rand([d], (u) => u - 0.5) as tf.Tensor1D)
    const x = rand([n, d], (u) => u * 3) as tf.Tensor2D
    const labels = Array.from({ length: n }, (_, i) => i % k)
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), k).toFloat() as tf.Tensor2D
    const w = rand([n], (u) => 0.5 + u) as tf.Tensor1D
    const mask = rand([n, h], (u) => (u < 0.4 ? 0 : 1 / 0.6)) as tf.Tensor2D
    // reference: autodiff through the layer variables
    const ref = tf.variableGrads(() => {
      const p = trainingForward(v, x, cfg, mask)
      const ce = tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1 - 1e-7))), -1))
      return tf.add(tf.div(tf.sum(tf.mul(ce, w)), n), tf.mul(cfg.l2, tf.sum(tf.square(v.k1)))) as tf.Scalar
    }, [v.gamma, v.beta, v.k1, v.b1, v.k2, v.b2])
    const w1t = tf.variable(tf.transpose(v.k1))
    const params = { ...v, w1t, w2: v.k2 }
    const out = headStep(params, {
      x,
      y,
      w,
      mask,
      l2: cfg.l2,
      epsilon: cfg.bnEpsilon,
      momentum: cfg.bnMomentum
    })
    close(out.loss, ref.value)
    close(out.grads.gamma, ref.grads[v.gamma.name])
    close(out.grads.beta, ref.grads[v.beta.name])
    close(tf.transpose(out.grads.w1t), ref.grads[v.k1.name])
    close(out.grads.b1, ref.grads[v.b1.name])
    close(out.grads.w2, ref.grads[v.k2.name])
    close(out.grads.b2, ref.grads[v.b2.name])
    model.dispose()
  })

  it("Adam follows Keras' update and frees its state", () => {
    const before = tf.memory().numTensors
    const theta = tf.variable(tf.tensor1d([1, -2]))
    const adam = new Adam(0.1)
    adam.apply({ theta }, { theta: tf.tensor1d([0.5, -1]) })
    // step 1: m = 0.1 g, v = 0.001 g², alpha = 0.1·√0.001/0.1 → θ − 0.1·√0.001·(0.1g)/(√0.001|g|·… ) = θ − 0.1·sign(g) (ε aside)
    const [a, b] = theta.dataSync()
    expect(a).toBeCloseTo(0.9, 5)
    expect(b).toBeCloseTo(-1.9, 5)
    adam.dispose()
    theta.dispose()
    expect(tf.memory().numTensors).toBe(before + 2) // the two gradient tensors created above by the test itself
  })
})
