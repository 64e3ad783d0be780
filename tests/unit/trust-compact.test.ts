import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OOD_FILE, oodBytes, readOodDetector } from '../../src/main/core/trust/ood-files'
import { detectorRank, fitOodDetector, KNN_K, oodScores } from '../../src/main/core/trust/profile'
import { Prng } from '../../src/main/core/engine/training/prng'
import { principalBasis, symmetricEigen } from '../../src/main/core/trust/pca'
import { buildKnnReference, compactKnnReference, kthNearestDistance } from '../../src/main/core/trust/knn'

/** n rows in d dimensions lying in the span of `rank` random directions, plus `noise` everywhere. */
function lowRank(n: number, d: number, rank: number, seed: number, noise = 0): Float64Array {
  const r = new Prng(seed)
  const dirs = Array.from({ length: rank }, () => Float64Array.from({ length: d }, () => r.next() * 2 - 1))
  const out = new Float64Array(n * d)
  for (let i = 0; i < n; i++)
    for (let k = 0; k < rank; k++) {
      const w = (r.next() * 2 - 1) * (rank - k)
      for (let j = 0; j < d; j++)
        out[i * d + j] += w * dirs[k][j] + (k === 0 ? (r.next() * 2 - 1) * noise : 0)
    }
  return out
}

describe('principal directions', () => {
  it('diagonalises a symmetric matrix, eigenvalues descending', () => {
    // [[2,1,0],[1,2,0],[0,0,5]]: eigenvalues 5, 3, 1.
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3)
    expect(Array.from(values).map((v) => Number(v.toFixed(9)))).toEqual([5, 3, 1])
    // The eigenvector of 3 is (1, 1, 0)/√2 up to sign.
    expect(Math.abs(vectors[0 * 3 + 1])).toBeCloseTo(Math.SQRT1_2, 9)
    expect(Math.abs(vectors[1 * 3 + 1])).toBeCloseTo(Math.SQRT1_2, 9)
    expect(vectors[2 * 3 + 1]).toBeCloseTo(0, 9)
  })

  it('finds a planted 4-d subspace of 60-d rows: orthonormal basis holding all the energy', () => {
    const d = 60
    const x = lowRank(300, d, 4, 3)
    const { basis, energy } = principalBasis(x, 300, d, 4)
    expect(energy).toBeGreaterThan(0.999999)
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 4; b++) {
        let dot = 0
        for (let j = 0; j < d; j++) dot += basis[a * d + j] * basis[b * d + j]
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 5)
      }
    // Two directions of the four hold less than everything.
    expect(principalBasis(x, 300, d, 2).energy).toBeLessThan(0.99)
  })
})

describe('compact nearest-neighbour reference', () => {
  it('scores like the full reference when the training rows lie in the kept subspace', () => {
    const d = 50
    const train = lowRank(200, d, 6, 5)
    const full = buildKnnReference(train, d, 5)
    const compact = compactKnnReference(full, 6)
    expect(compact.rows.length).toBe(200 * 6)
    expect(compact.basis!.length).toBe(6 * d)
    // Queries inside the subspace (the first training rows: same seed, same draws) and outside it (another one).
    const inside = lowRank(20, d, 6, 5)
    const outside = lowRank(20, d, 6, 99)
    for (const q of [inside, outside])
      for (let i = 0; i < 20; i++) {
        const row = q.subarray(i * d, (i + 1) * d)
        expect(kthNearestDistance(compact, row)).toBeCloseTo(kthNearestDistance(full, row), 4)
      }
  })

  it('keeps a query’s distance to the subspace in its score', () => {
    const d = 40
    const train = lowRank(150, d, 3, 8, 0.05)
    const compact = compactKnnReference(buildKnnReference(train, d, 3), 3)
    // A direction orthogonal to everything the training rows span (component 0 only carries the noise).
    const { basis } = principalBasis(train, 150, d, 3)
    const away = new Float64Array(d).fill(1)
    for (let c = 0; c < 3; c++) {
      let dot = 0
      for (let j = 0; j < d; j++) dot += basis[c * d + j] * away[j]
      for (let j = 0; j < d; j++) away[j] -= dot * basis[c * d + j]
    }
    // Unit vectors: orthogonal to the subspace means √(0 + 1) from every projected row at the least.
    expect(kthNearestDistance(compact, away)).toBeGreaterThanOrEqual(1 - 1e-6)
    expect(kthNearestDistance(compact, train.subarray(0, d))).toBeLessThan(0.5)
  })
})

describe('the stored detector file', () => {
  it('round-trips the compact detector and names a file of the wrong size', () => {
    const d = 30
    const x = lowRank(120, d, 12, 11, 0.1)
    const det = fitOodDetector('knn', x, new Int32Array(120), d, 2)
    const rank = detectorRank(det)!
    expect(rank).toBe(Math.min(30, 120))
    const dir = mkdtempSync(join(tmpdir(), 'leukolens-ood-'))
    try {
      const bytes = oodBytes(det)
      // Directions [rank, d] then rows [n, rank].
      expect(bytes.byteLength).toBe(4 * (rank * d + 120 * rank))
      writeFileSync(join(dir, OOD_FILE), bytes)
      const ood = {
        method: 'knn' as const,
        threshold: 1,
        quantile: 0.99,
        dim: d,
        rank,
        valUnfamiliar: 0,
        testUnfamiliar: null
      }
      const back = readOodDetector(dir, ood, 2)
      expect(back.method === 'knn' && back.reference.k).toBe(KNN_K)
      const q = lowRank(5, d, 12, 12)
      expect(Array.from(oodScores(back, q, d))).toEqual(Array.from(oodScores(det, q, d)))
      writeFileSync(join(dir, OOD_FILE), bytes.subarray(0, bytes.byteLength - 4))
      expect(() => readOodDetector(dir, ood, 2)).toThrow(/ood\.bin: .* not 30 directions of 30 values/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
