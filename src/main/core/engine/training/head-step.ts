/**
 * One training step of the published head with hand-written gradients, for the wasm backend's sake.
 *
 * Why not tf.grads: on wasm the autodiff step cost ~18 ms for a 40×1024 batch, ~2× what the arithmetic needs.
 * The matMul gradient uses transposed operands (a transposeA matMul is ~20× slower on wasm), and XNNPACK re-packs
 * the right-hand matrix of every matMul — the 1024×256 kernel, which changes every step. Here the kernel is held
 * transposed (W1T [units, dim]), so every matMul's right-hand operand is a small batch-sized matrix.
 * `tests/unit/head-step.test.ts` checks these gradients against TF.js autodiff of the same forward pass.
 *
 * Shapes: x [n, D], y [n, K] one-hot, w [n] sample weights, mask [n, H] (inverted dropout, already scaled).
 */
import { tf } from '../tf'

export interface HeadParams {
  gamma: tf.Variable // [D]
  beta: tf.Variable // [D]
  movingMean: tf.Variable // [D]
  movingVariance: tf.Variable // [D]
  w1t: tf.Variable // [H, D] — the hidden kernel, transposed
  b1: tf.Variable // [H]
  w2: tf.Variable // [H, K]
  b2: tf.Variable // [K]
}

export interface StepInput {
  x: tf.Tensor2D
  y: tf.Tensor2D
  w: tf.Tensor1D
  mask: tf.Tensor2D | null
  l2: number
  epsilon: number
  momentum: number
}

export type TrainableName = 'gamma' | 'beta' | 'w1t' | 'b1' | 'w2' | 'b2'

export interface StepOutput {
  /** Σ w·CE / n + l2·ΣW1² (as Keras reports the batch loss). */
  loss: tf.Scalar
  /** Correctly classified samples in the batch (training mode). */
  correct: tf.Scalar
  grads: Record<TrainableName, tf.Tensor>
  /** Batch mean and biased variance, for the moving statistics. */
  mean: tf.Tensor1D
  variance: tf.Tensor1D
}

const CLIP = 1e-7 // Keras clips probabilities to [eps, 1 − eps] before the log.

/** Forward and backward pass. Call inside tf.tidy and keep what you return. */
export function headStep(p: HeadParams, s: StepInput): StepOutput {
  const n = s.x.shape[0]
  const { mean, variance } = tf.moments(s.x, 0)
  const inv = tf.rsqrt(tf.add(variance, s.epsilon))
  const xhat = tf.mul(tf.sub(s.x, mean), inv) as tf.Tensor2D
  const xn = tf.add(tf.mul(xhat, p.gamma), p.beta) as tf.Tensor2D
  // z1 = xn·W1 computed as (W1T·xnᵀ)ᵀ: the right operand is the small [D, n] matrix.
  const z1 = tf.add(tf.transpose(tf.matMul(p.w1t as tf.Tensor2D, tf.transpose(xn))), p.b1) as tf.Tensor2D
  const active = tf.relu(z1)
  const a = s.mask ? tf.mul(active, s.mask) : active
  const z2 = tf.add(tf.matMul(a as tf.Tensor2D, p.w2 as tf.Tensor2D), p.b2)
  const prob = tf.softmax(z2)
  const ce = tf.neg(tf.sum(tf.mul(s.y, tf.log(tf.clipByValue(prob, CLIP, 1 - CLIP))), -1))
  const reg = tf.mul(s.l2, tf.sum(tf.square(p.w1t)))
  const loss = tf.add(tf.div(tf.sum(tf.mul(ce, s.w)), n), reg) as tf.Scalar
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(prob, -1), tf.argMax(s.y, -1)), 'float32')) as tf.Scalar
  // Softmax + cross-entropy: dL/dz2 = (p − y)·w/n. (Keras' clip zeroes this only where p < 1e-7 on the true class.)
  const dz2 = tf.mul(tf.sub(prob, s.y), tf.reshape(tf.div(s.w, n), [n, 1])) as tf.Tensor2D
  const dw2 = tf.matMul(tf.transpose(a as tf.Tensor2D), dz2)
  const db2 = tf.sum(dz2, 0)
  const da = tf.matMul(dz2, tf.transpose(p.w2 as tf.Tensor2D))
  const dz1 = tf.mul(s.mask ? tf.mul(da, s.mask) : da, tf.step(z1)) as tf.Tensor2D
  const dz1t = tf.transpose(dz1)
  const db1 = tf.sum(dz1, 0)
  // dW1T = dz1ᵀ·xn (+ the L2 term). dxnᵀ = W1·dz1ᵀ ([D, n]: the right operand is small) gives the BatchNorm
  // gradients as sums along the innermost axis (a sum over axis 0 of a [H, D] matrix costs a transpose on wasm).
  const dw1t = tf.add(tf.matMul(dz1t, xn), tf.mul(2 * s.l2, p.w1t))
  const dxnT = tf.matMul(tf.transpose(p.w1t as tf.Tensor2D), dz1t)
  const dgamma = tf.sum(tf.mul(dxnT, tf.transpose(xhat)), 1)
  const dbeta = tf.sum(dxnT, 1)
  return {
    loss,
    correct,
    grads: { gamma: dgamma, beta: dbeta, w1t: dw1t, b1: db1, w2: dw2, b2: db2 },
    mean: mean as tf.Tensor1D,
    variance: variance as tf.Tensor1D
  }
}

/**
 * Keras' Adam (epsilon added to √v, bias correction folded into the step size):
 * m ← m + (g − m)(1 − β1); v ← v + (g² − v)(1 − β2); θ ← θ − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε).
 */
export class Adam {
  private readonly m = new Map<string, tf.Variable>()
  private readonly v = new Map<string, tf.Variable>()
  private t = 0

  constructor(
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7
  ) {}

  apply(params: Record<string, tf.Variable>, grads: Record<string, tf.Tensor>): void {
    this.t += 1
    const alpha = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t)
    tf.tidy(() => {
      for (const [name, g] of Object.entries(grads)) {
        const theta = params[name]
        if (!this.m.has(name)) {
          this.m.set(name, tf.variable(tf.zerosLike(theta), false))
          this.v.set(name, tf.variable(tf.zerosLike(theta), false))
        }
        const m = this.m.get(name)!
        const v = this.v.get(name)!
        m.assign(tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1)))
        v.assign(tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - this.beta2)))
        theta.assign(tf.sub(theta, tf.mul(alpha, tf.div(m, tf.add(tf.sqrt(v), this.epsilon)))))
      }
    })
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose()
    this.m.clear()
    this.v.clear()
  }
}
