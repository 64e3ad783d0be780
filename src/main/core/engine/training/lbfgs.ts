/**
 * Limited-memory BFGS for a smooth convex objective (Nocedal & Wright, Algorithm 7.4 with a backtracking Armijo
 * line search). Small, dependency-free, deterministic: the same start gives the same iterates on every machine.
 */

export interface LbfgsOptions {
  /** Stop when the gradient's largest component falls below this. */
  gradientTolerance?: number
  maxIterations?: number
  /** Curvature pairs kept. */
  memory?: number
  /** Called after each iteration with its number (1-based), the objective and the current point. */
  onIteration?: (iteration: number, value: number, x: Float64Array) => void
}

export interface LbfgsResult {
  x: Float64Array
  value: number
  iterations: number
  converged: boolean
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}

function maxAbs(a: Float64Array): number {
  let m = 0
  for (const v of a) m = Math.max(m, Math.abs(v))
  return m
}

/** Minimises `f`, which returns the objective and writes its gradient into `grad`. */
export function lbfgs(
  f: (x: Float64Array, grad: Float64Array) => number,
  start: Float64Array,
  o: LbfgsOptions = {}
): LbfgsResult {
  const tol = o.gradientTolerance ?? 1e-6
  const maxIter = o.maxIterations ?? 500
  const m = o.memory ?? 10
  const n = start.length
  let x = Float64Array.from(start)
  let g = new Float64Array(n)
  let value = f(x, g)
  const s: Float64Array[] = []
  const y: Float64Array[] = []
  const rho: number[] = []
  const dir = new Float64Array(n)
  const alpha = new Float64Array(m)
  for (let it = 1; it <= maxIter; it++) {
    if (maxAbs(g) < tol) return { x, value, iterations: it - 1, converged: true }
    // Two-loop recursion: dir = −H·g.
    for (let i = 0; i < n; i++) dir[i] = -g[i]
    for (let j = s.length - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(s[j], dir)
      for (let i = 0; i < n; i++) dir[i] -= alpha[j] * y[j][i]
    }
    const gamma = s.length ? dot(s[s.length - 1], y[y.length - 1]) / dot(y[y.length - 1], y[y.length - 1]) : 1
    for (let i = 0; i < n; i++) dir[i] *= gamma
    for (let j = 0; j < s.length; j++) {
      const beta = rho[j] * dot(y[j], dir)
      for (let i = 0; i < n; i++) dir[i] += (alpha[j] - beta) * s[j][i]
    }
    let slope = dot(g, dir)
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0
      for (let i = 0; i < n; i++) dir[i] = -g[i]
      slope = dot(g, dir)
    }
    // First step of the first iteration scaled so that it moves by about one unit.
    let step = s.length ? 1 : Math.min(1, 1 / Math.sqrt(-slope))
    const next = new Float64Array(n)
    const nextGrad = new Float64Array(n)
    let nextValue = Infinity
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = x[i] + step * dir[i]
      nextValue = f(next, nextGrad)
      if (nextValue <= value + 1e-4 * step * slope) break
      step /= 2
    }
    if (!(nextValue < value)) return { x, value, iterations: it, converged: maxAbs(g) < tol * 10 }
    const sk = new Float64Array(n)
    const yk = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      sk[i] = next[i] - x[i]
      yk[i] = nextGrad[i] - g[i]
    }
    const sy = dot(sk, yk)
    if (sy > 1e-12) {
      if (s.length === m) {
        s.shift()
        y.shift()
        rho.shift()
      }
      s.push(sk)
      y.push(yk)
      rho.push(1 / sy)
    }
    x = next
    g = nextGrad
    value = nextValue
    o.onIteration?.(it, value, x)
  }
  return { x, value, iterations: maxIter, converged: maxAbs(g) < tol }
}
