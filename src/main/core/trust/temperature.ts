/**
 * Temperature scaling (Guo et al. 2017): one scalar T divides the logits before the softmax, fitted on the
 * validation split by minimising the negative log-likelihood. It changes how sure the model says it is, never
 * which class has the highest probability. A softmax head's probabilities are its logits up to a constant per
 * row, so log p serves as the logits. Pure math, no I/O.
 */

const P_MIN = 1e-12

/** softmax(log p / T) for one row of probabilities. */
export function applyTemperature(probabilities: ArrayLike<number>, temperature: number): number[] {
  const logits = Array.from(probabilities, (p) => Math.log(Math.max(p, P_MIN)) / temperature)
  const max = Math.max(...logits)
  const e = logits.map((l) => Math.exp(l - max))
  const sum = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / sum)
}

/** Mean negative log-likelihood of `labels` under softmax(logits / T); `logits` row-major [n, k]. */
export function nllAtTemperature(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
  t: number
): number {
  let total = 0
  for (let r = 0; r < labels.length; r++) {
    let max = -Infinity
    for (let c = 0; c < k; c++) max = Math.max(max, logits[r * k + c] / t)
    let sum = 0
    for (let c = 0; c < k; c++) sum += Math.exp(logits[r * k + c] / t - max)
    total += Math.log(sum) + max - logits[r * k + labels[r]] / t
  }
  return total / labels.length
}

/**
 * The temperature minimising the NLL, by golden-section search on log T over [0.05, 20] (the NLL is unimodal
 * in T for fixed logits). Returns 1 for an empty set.
 */
export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>, k: number): number {
  if (!labels.length) return 1
  const f = (logT: number): number => nllAtTemperature(logits, labels, k, Math.exp(logT))
  let a = Math.log(0.05)
  let b = Math.log(20)
  const g = (Math.sqrt(5) - 1) / 2
  let c = b - g * (b - a)
  let d = a + g * (b - a)
  let fc = f(c)
  let fd = f(d)
  for (let i = 0; i < 80; i++) {
    if (fc < fd) {
      b = d
      d = c
      fd = fc
      c = b - g * (b - a)
      fc = f(c)
    } else {
      a = c
      c = d
      fc = fd
      d = a + g * (b - a)
      fd = f(d)
    }
  }
  return Math.exp((a + b) / 2)
}

/** Logits (log p) of probability rows, row-major [n, k]. */
export function logitsOf(probabilities: ArrayLike<number>): Float64Array {
  return Float64Array.from(probabilities, (p) => Math.log(Math.max(p, P_MIN)))
}
