import { describe, expect, it } from 'vitest'
import { confidenceBand } from '../../src/main/core/trust/operating-point'
import { decide } from '../../src/main/core/scan/decide'
import { mulberry32 } from '../../src/main/core/splits/random'

describe('the review flag as a band around the decision threshold', () => {
  it('flags exactly the answers whose p(ALL) lies in the band, for thresholds inside and outside (1 − c, c)', () => {
    const rnd = mulberry32(4)
    for (const [t, c] of [
      [0.5, 0.9],
      [0.82, 0.98],
      [0.05, 0.9],
      [0.97, 0.9]
    ]) {
      const band = confidenceBand(t, c)
      expect(band.low).toBeLessThanOrEqual(t)
      expect(band.high).toBeGreaterThanOrEqual(t)
      for (let i = 0; i < 2000; i++) {
        const p = rnd()
        const d = decide([p, 1 - p], ['ALL', 'HEM'], c, { positiveClass: 'ALL', value: t })
        const inside = (p >= band.low && p < band.high && p >= t) || (p > band.low && p < t)
        expect(d.flagged).toBe(inside)
      }
    }
    // a sensitivity-style threshold: ALL from p 0.05; flag below confidence 0.9 → p(ALL) from 0.05 up to 0.9
    expect(confidenceBand(0.05, 0.9)).toEqual({ low: 0.05, high: 0.9 })
  })
})
