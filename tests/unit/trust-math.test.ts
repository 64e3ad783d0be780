import { describe, expect, it } from 'vitest'
import { Prng } from '../../src/main/core/engine/training/prng'
import { calibrationOf } from '../../src/main/core/trust/calibration'
import {
  fitClassGaussians,
  invertSpd,
  ledoitWolf,
  mahalanobisScore
} from '../../src/main/core/trust/gaussian'
import { buildKnnReference, kthNearestDistance } from '../../src/main/core/trust/knn'
import {
  expectedErrorThreshold,
  flagOperatingPoint,
  quantile
} from '../../src/main/core/trust/operating-point'
import { applyTemperature, fitTemperature } from '../../src/main/core/trust/temperature'
import { fitOodDetector, oodScores } from '../../src/main/core/trust/profile'

/** Standard normal by Box–Muller from the seeded PRNG. */
function gauss(r: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next())
}

/**
 * n rows of dim values: class c centred at +offset (c = 0) or -offset (c = 1) on `axis`, unit variance, every coordinate
 * moved by `shift`.
 */
function twoClasses(
  n: number,
  dim: number,
  seed: number,
  shift = 0,
  axis = 0,
  offset = 3
): { x: Float64Array; y: Int32Array } {
  const r = new Prng(seed)
  const x = new Float64Array(n * dim)
  const y = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    y[k] = k % 2
    for (let i = 0; i < dim; i++)
      x[k * dim + i] = gauss(r) + (i === axis ? (y[k] ? -offset : offset) : 0) + shift
  }
  return { x, y }
}

describe('Ledoit–Wolf covariance and Mahalanobis score', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3])
    const inv = invertSpd(a, 3)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0
        for (let k = 0; k < 3; k++) s += a[i * 3 + k] * inv[k * 3 + j]
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10)
      }
    expect(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/positive definite/)
  })

  it('matches scikit-learn on a known 4×2 example (shrinkage and shrunk covariance)', () => {
    // sklearn.covariance.ledoit_wolf(X, assume_centered=True) for X = [[1,2],[-1,0],[2,-1],[-2,-1]]:
    // S = [[2.5, 0.25], [0.25, 1.5]], mu = 2, shrinkage 0.1914893617, cov = (1-s)·S + s·mu·I.
    const x = Float64Array.from([1, 2, -1, 0, 2, -1, -2, -1])
    const { cov, shrinkage } = ledoitWolf(x, 4, 2)
    // beta: (Σ_k ||x_k x_kᵀ||² / n − ||S||²) / (p n) = (Σ (x²)(x²)ᵀ / 4 − 8.625) / 8
    const q = [
      [1, 4],
      [1, 0],
      [4, 1],
      [4, 1]
    ]
    let sq = 0
    for (const r of q) for (const a of r) for (const b of r) sq += a * b
    const s2 = 2.5 ** 2 + 2 * 0.25 ** 2 + 1.5 ** 2
    const beta = Math.min((sq / 4 - s2) / 8, (s2 - 2 * 2 * 4 + 2 * 4) / 2)
    const delta = (s2 - 2 * 2 * 4 + 2 * 4) / 2
    expect(shrinkage).toBeCloseTo(beta / delta, 12)
    expect(cov[0]).toBeCloseTo((1 - shrinkage) * 2.5 + shrinkage * 2, 12)
    expect(cov[1]).toBeCloseTo((1 - shrinkage) * 0.25, 12)
    expect(cov[3]).toBeCloseTo((1 - shrinkage) * 1.5 + shrinkage * 2, 12)
  })

  it('scores in-distribution Gaussians near their dimension and shifted ones far above', () => {
    const dim = 16
    const train = twoClasses(4000, dim, 1)
    const g = fitClassGaussians(train.x, train.y, dim, 2)
    expect(g.means[0][0]).toBeCloseTo(3, 1)
    expect(g.means[1][0]).toBeCloseTo(-3, 1)
    const inside = twoClasses(500, dim, 2)
    const outside = twoClasses(500, dim, 3, 2) // every coordinate moved by 2 standard deviations
    const s = (set: { x: Float64Array }) => oodScores({ method: 'mahalanobis', gaussians: g }, set.x, dim)
    const inScores = s(inside)
    const outScores = s(outside)
    // Squared Mahalanobis distance of a d-dimensional unit Gaussian: chi-square, mean d.
    const meanIn = inScores.reduce((a, b) => a + b, 0) / inScores.length
    expect(meanIn).toBeGreaterThan(dim * 0.85)
    expect(meanIn).toBeLessThan(dim * 1.15)
    const cut = quantile(inScores, 0.99)
    expect(outScores.filter((v) => v > cut).length / outScores.length).toBeGreaterThan(0.95)
    // A point exactly on a class mean scores 0; one 3 units off along an axis scores 9.
    const onMean = Array.from(g.means[0])
    expect(mahalanobisScore(g, onMean)).toBeCloseTo(0, 8)
  })
})

describe('k-th nearest neighbour distance', () => {
  it('gives the Euclidean distance between unit vectors to the k-th neighbour', () => {
    // Reference: unit vectors at 0°, 10°, 20°, 90° in the plane; query at 0°.
    const deg = [0, 10, 20, 90].map((d) => (d * Math.PI) / 180)
    const ref = buildKnnReference(
      deg.flatMap((a) => [Math.cos(a), Math.sin(a)]),
      2,
      2
    )
    const chord = (a: number) => 2 * Math.sin(a / 2)
    expect(kthNearestDistance(ref, [5, 0])).toBeCloseTo(chord(deg[1]), 6) // scale does not matter
    expect(kthNearestDistance(ref, [5, 0], true)).toBeCloseTo(chord(deg[2]), 6)
  })

  it('separates Gaussians that point another way from the training ones', () => {
    const dim = 16
    const train = twoClasses(2000, dim, 4, 0, 0, 6)
    const d = fitOodDetector('knn', train.x, train.y, dim, 2)
    const inScores = oodScores(d, twoClasses(300, dim, 5, 0, 0, 6).x, dim)
    // Normalised features compare directions: the unfamiliar set's classes lie along axis 1, not axis 0.
    const outScores = oodScores(d, twoClasses(300, dim, 6, 0, 1, 6).x, dim)
    const cut = quantile(inScores, 0.99)
    expect(outScores.filter((v) => v > cut).length / outScores.length).toBeGreaterThan(0.8)
  })
})

describe('temperature scaling', () => {
  it('recovers a planted temperature', () => {
    const r = new Prng(11)
    const n = 6000
    const k = 3
    const planted = 2.5
    const logits = new Float64Array(n * k)
    const labels = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) logits[i * k + c] = 4 * gauss(r)
      // Labels drawn from softmax(logits / planted): the over-confident logits need T = planted.
      const p = applyTemperature(
        Array.from(logits.subarray(i * k, (i + 1) * k), (l) => Math.exp(l)),
        planted
      )
      const u = r.next()
      let acc = 0
      labels[i] = k - 1
      for (let c = 0; c < k; c++) {
        acc += p[c]
        if (u < acc) {
          labels[i] = c
          break
        }
      }
    }
    expect(fitTemperature(logits, labels, k)).toBeCloseTo(planted, 0)
    expect(Math.abs(fitTemperature(logits, labels, k) - planted)).toBeLessThan(0.2)
  })

  it('keeps the order of the probabilities', () => {
    const p = applyTemperature([0.7, 0.2, 0.1], 3)
    expect(p[0]).toBeGreaterThan(p[1])
    expect(p[1]).toBeGreaterThan(p[2])
    expect(p[0]).toBeLessThan(0.7)
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })
})

describe('expected calibration error', () => {
  it('is the size-weighted gap between confidence and accuracy per bin', () => {
    // 4 answers at 0.95 (3 right) and 2 at 0.55 (1 right): |0.75-0.95|·4/6 + |0.5-0.55|·2/6.
    const c = calibrationOf([0.95, 0.95, 0.95, 0.95, 0.55, 0.55], [true, true, true, false, true, false])
    expect(c.ece).toBeCloseTo((0.2 * 4) / 6 + (0.05 * 2) / 6, 12)
    expect(c.bins).toHaveLength(15)
    const full = c.bins.filter((b) => b.count)
    expect(full.map((b) => [b.count, b.accuracy])).toEqual([
      [2, 0.5],
      [4, 0.75]
    ])
    expect(calibrationOf([1, 1], [true, true]).ece).toBe(0)
  })
})

describe('flag operating point', () => {
  it('flags the target share of wrong answers and reports the workload', () => {
    // 10 wrong answers at 0.51..0.60, 90 right at 0.55..0.99.
    const conf: number[] = []
    const right: boolean[] = []
    for (let i = 0; i < 10; i++) {
      conf.push(0.51 + i * 0.01)
      right.push(false)
    }
    for (let i = 0; i < 90; i++) {
      conf.push(0.55 + (i * 0.44) / 89)
      right.push(true)
    }
    const p = flagOperatingPoint(conf, right, 0.9, 'errors')
    // the 9th least confident error is 0.59: everything below the midpoint to the next value is flagged
    expect(p.threshold).toBeGreaterThan(0.59)
    expect(p.threshold).toBeLessThan(0.6)
    expect(p.errorsFlagged).toBeCloseTo(0.9, 12)
    const flagged = conf.filter((c) => c < p.threshold).length
    expect(p.workload).toBeCloseTo(flagged / 100, 12)
    expect(flagOperatingPoint([0.9, 0.8], [true, true], 0.9, 'errors').threshold).toBe(0)
  })

  it('reads the threshold off the expected errors of calibrated answers (rule "expected")', () => {
    // Expected errors 0.5, 0.4, 0.1, 0.01 (total 1.01): 90% of them (0.909) lie below 0.9 only once 0.9 is in.
    expect(expectedErrorThreshold([0.99, 0.5, 0.9, 0.6], 0.9)).toBeCloseTo((0.9 + 0.99) / 2, 12)
    expect(expectedErrorThreshold([0.99, 0.5, 0.9, 0.6], 0.4)).toBeCloseTo((0.5 + 0.6) / 2, 12)
    expect(expectedErrorThreshold([1, 1], 0.9)).toBe(0)
    // The rule ignores which answers were wrong: one confidently wrong answer does not move it.
    const conf = [0.55, 0.6, 0.7, 0.95, 0.97, 0.99, 0.99, 0.995]
    const a = flagOperatingPoint(conf, [false, true, true, true, true, true, true, true], 0.9, 'expected')
    const b = flagOperatingPoint(conf, [false, true, true, true, true, true, true, false], 0.9, 'expected')
    expect(a.threshold).toBe(b.threshold)
    expect(b.errorsFlagged).toBe(0.5)
    // The `errors` rule is pushed to just above the confidently wrong 0.995.
    const errors = flagOperatingPoint(conf, [false, true, true, true, true, true, true, false], 0.9, 'errors')
    expect(errors.threshold).toBeCloseTo(0.9975, 12)
  })
})
