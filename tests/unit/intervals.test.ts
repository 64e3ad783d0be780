import { describe, expect, it } from 'vitest'
import { clusterBootstrap } from '../../src/main/core/engine/metrics/intervals'
import { wilsonInterval } from '../../src/main/core/cells/sample-counts'
import { clustersOf, setIntervals, shareInterval } from '../../src/main/core/engine/metrics/set-intervals'

describe('Wilson interval', () => {
  it('matches published values', () => {
    // Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (score interval without continuity
    // correction): 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611; 1/29 → 0.0061–0.1718.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718]
    ]
    for (const [k, n, lo, hi] of cases) {
      const { low, high } = wilsonInterval(k, n)
      expect(low).toBeCloseTo(lo, 4)
      expect(high).toBeCloseTo(hi, 4)
    }
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 })
  })
})

describe('cluster bootstrap', () => {
  it('is as wide as the cluster count allows: 20 clusters, half of them wholly wrong', () => {
    // Each cluster holds 10 copies of one answer, so the effective sample is 20 clusters, not 200 images: the
    // accuracy's resampled values are Binomial(20, 0.5) / 20, whose 2.5th and 97.5th percentiles are 0.25–0.30 and
    // 0.70–0.75 (P(X ≤ 5) = 0.021, P(X ≤ 6) = 0.058).
    const labels: number[] = []
    const decided: number[] = []
    const clusters: string[] = []
    for (let c = 0; c < 20; c++)
      for (let i = 0; i < 10; i++) {
        labels.push(0)
        decided.push(c % 2)
        clusters.push(`c${c}`)
      }
    const b = clusterBootstrap({ labels, decided, classCount: 2, clusters, resamples: 4000, seed: 1 })
    expect(b.accuracy[0]).toBeGreaterThanOrEqual(0.25)
    expect(b.accuracy[0]).toBeLessThanOrEqual(0.3)
    expect(b.accuracy[1]).toBeGreaterThanOrEqual(0.7)
    expect(b.accuracy[1]).toBeLessThanOrEqual(0.75)
    // The same answers as 200 independent images: much narrower (binomial sd √(0.25/200) ≈ 0.035).
    const flat = clusterBootstrap({
      labels,
      decided,
      classCount: 2,
      clusters: labels.map((_, i) => `i${i}`),
      resamples: 4000,
      seed: 1
    })
    expect(flat.accuracy[1] - flat.accuracy[0]).toBeLessThan(0.16)
    expect(flat.accuracy[1] - flat.accuracy[0]).toBeGreaterThan(0.11)
    expect(b.clustersPerClass).toEqual([20, 0])
  })

  it('gives a point interval when every answer is right, and is the same for the same seed', () => {
    const labels = [0, 0, 1, 1, 0, 1]
    const b = clusterBootstrap({
      labels,
      decided: labels,
      classCount: 2,
      clusters: ['a', 'a', 'b', 'b', 'c', 'd'],
      positive: { index: 1, scores: [0.1, 0.2, 0.9, 0.8, 0.3, 0.7] }
    })
    expect(b.accuracy).toEqual([1, 1])
    expect(b.balancedAccuracy).toEqual([1, 1])
    expect(b.rocAuc).toEqual([1, 1])
    const again = clusterBootstrap({
      labels,
      decided: [0, 1, 1, 1, 0, 0],
      classCount: 2,
      clusters: ['a', 'a', 'b', 'b', 'c', 'd']
    })
    const twice = clusterBootstrap({
      labels,
      decided: [0, 1, 1, 1, 0, 0],
      classCount: 2,
      clusters: ['a', 'a', 'b', 'b', 'c', 'd']
    })
    expect(again).toEqual(twice)
  })
})

describe('set intervals', () => {
  it('clusters unknown subjects into blocks of neighbouring files and says when a class is thin', () => {
    const images = Array.from({ length: 60 }, (_, i) => ({
      sha256: `h${i}`,
      path: `Benign/img-${i + 1}.jpg`,
      subject: null
    }))
    const { bySha, by } = clustersOf(images, 20)
    expect(by).toBe('block')
    expect(new Set(bySha.values()).size).toBe(3)
    expect(bySha.get('h0')).toBe(bySha.get('h19'))
    expect(bySha.get('h19')).not.toBe(bySha.get('h20'))
    const labels = Int32Array.from([...images.map(() => 1), 0, 0])
    const r = setIntervals({
      classes: ['ALL', 'HEM'],
      labels,
      decided: labels,
      clusters: [...images.map((i) => bySha.get(i.sha256)!), 's:1', 's:2'],
      clusterBy: 'block',
      blockSize: 20
    })
    expect(r.uncertainty?.clusters).toEqual({ ALL: 2, HEM: 3 })
    expect(r.uncertainty?.caveats.join(' ')).toMatch(
      /ALL figures rest on 2 images \(fewer than 50\) and 2 blocks/
    )
    expect(r.uncertainty?.caveats.join(' ')).toMatch(/HEM figures rest on 3 blocks .*\(fewer than 5\)/)
    // all right: the bootstrap alone would say [1, 1]; the intervals are Wilson's for 2 of 2 and 60 of 60
    expect(r.intervals?.recall.ALL[0]).toBeCloseTo(0.3424, 4)
    expect(r.intervals?.recall.HEM[0]).toBeCloseTo(0.9398, 4)
    expect(r.intervals?.recall.HEM[1]).toBe(1)
  })

  it('never claims certainty from a few images: 10 of 10 right reads 72–100% (Wilson), not [1, 1]', () => {
    expect(shareInterval([1, 1], 10, 10)[0]).toBeCloseTo(0.7225, 4)
    // where the bootstrap is wider than the binomial (clustered answers), it stays the wider one
    const clustered = shareInterval([0.3, 0.7], 100, 200)
    expect(clustered[0]).toBeLessThanOrEqual(0.3)
    expect(clustered[1]).toBeGreaterThanOrEqual(0.7)
    // and unclustered answers keep about Wilson's width
    const flat = shareInterval([0.43, 0.57], 100, 200)
    expect(flat[0]).toBeCloseTo(0.431, 2)
  })
})
