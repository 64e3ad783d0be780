import { describe, expect, it } from 'vitest'
import { agreementTable, cohenKappa } from '../../../src/main/core/stats/kappa'
import { blandAltman } from '../../../src/main/core/stats/bland-altman'
import { passingBablok } from '../../../src/main/core/stats/passing-bablok'
import { detection } from '../../../src/main/core/stats/binary'

describe("Cohen's kappa", () => {
  it('matches SAS PROC FREQ on its documented 3×3 example (kappa 0.4842, ASE 0.1380, 95% CL 0.2137–0.7547)', () => {
    // The table and SAS's printout are the reference of statsmodels' test_inter_rater.py (UnweightedCohens).
    const r = cohenKappa([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5]
    ])
    expect(r.kappa).toBeCloseTo(0.4842, 4)
    expect(r.se).toBeCloseTo(0.138, 4)
    expect(r.low).toBeCloseTo(0.2137, 4)
    expect(r.high).toBeCloseTo(0.7547, 4)
    expect(r.seNull).toBeCloseTo(0.1484, 4)
    expect(r.z).toBeCloseTo(3.2626, 3)
    expect(r.n).toBe(19)
  })

  it("gives the textbook 2×2 example's 0.4 (50 items, 70% observed and 50% chance agreement)", () => {
    const r = cohenKappa([
      [20, 5],
      [10, 15]
    ])
    expect(r.observed).toBeCloseTo(0.7, 10)
    expect(r.expected).toBeCloseTo(0.5, 10)
    expect(r.kappa).toBeCloseTo(0.4, 10)
  })

  it('builds the agreement table from paired labels and refuses a table that is not square', () => {
    const t = agreementTable(
      [
        { a: 'ALL', b: 'ALL' },
        { a: 'ALL', b: 'HEM' },
        { a: 'HEM', b: 'HEM' },
        { a: 'other', b: 'HEM' }
      ],
      ['ALL', 'HEM']
    )
    expect(t).toEqual([
      [1, 1],
      [0, 1]
    ])
    expect(() => cohenKappa([[1, 2]])).toThrow(/square/)
  })
})

// Bland & Altman (1986), Lancet 327:307–310, Table 1: peak expiratory flow rate (l/min), first reading with the
// Wright and the mini Wright meter. The paper: mean difference −2.1, SD 38.8, limits (±2 SD) −79.7 to 75.5;
// 95% CI of the bias −22.0 to 17.8, of the lower limit −114.3 to −45.1 and of the upper 40.9 to 110.1 (t = 2.12).
const WRIGHT = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427]
const MINI = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451]

describe('Bland–Altman', () => {
  it('reproduces the Lancet 1986 worked example, limits and their confidence intervals', () => {
    const r = blandAltman(WRIGHT, MINI, { k: 2 })
    expect(r.n).toBe(17)
    expect(r.bias).toBeCloseTo(-2.1, 1)
    expect(r.sd).toBeCloseTo(38.8, 1)
    expect(r.lower).toBeCloseTo(-79.7, 0)
    expect(r.upper).toBeCloseTo(75.5, 0)
    // the paper rounds the SE to 9.4 and 16.3 before multiplying: agree within 0.2 l/min
    expect(Math.abs(r.biasCi.low - -22.0)).toBeLessThan(0.2)
    expect(Math.abs(r.biasCi.high - 17.8)).toBeLessThan(0.2)
    expect(Math.abs(r.lowerCi.low - -114.3)).toBeLessThan(0.2)
    expect(Math.abs(r.lowerCi.high - -45.1)).toBeLessThan(0.2)
    expect(Math.abs(r.upperCi.low - 40.9)).toBeLessThan(0.2)
    expect(Math.abs(r.upperCi.high - 110.1)).toBeLessThan(0.2)
  })

  it('uses 1.96 SD by default and refuses fewer than 3 pairs', () => {
    const r = blandAltman(WRIGHT, MINI)
    expect(r.upper - r.bias).toBeCloseTo(1.96 * r.sd, 10)
    expect(() => blandAltman([1, 2], [1, 2])).toThrow(/at least 3/)
  })
})

describe('Passing–Bablok', () => {
  // 20 pairs and R mcr's mcreg(x, y, method.reg = "PaBa", method.ci = "analytical") output, as recorded in the
  // methcomp package's test_calc_passing_bablok: slope 1.0050 (0.9848–1.0266), intercept 0.0125 (−0.2975–0.1393).
  const x = Array.from({ length: 20 }, (_, i) => i + 1)
  const y = [
    1.03, 2.05, 2.79, 3.67, 5.0, 5.82, 7.16, 7.69, 8.53, 10.38, 11.11, 12.17, 13.47, 13.83, 15.15, 16.12,
    16.94, 18.09, 19.13, 19.54
  ]

  it("matches R mcr's fit, and the paper's order statistics for the interval", () => {
    const r = passingBablok(x, y)
    expect(r.slope).toBeCloseTo(1.005, 4)
    expect(r.intercept).toBeCloseTo(0.0125, 4)
    // N = 190 slopes, K = 0, C = 1.96·√(20·19·45/18) = 60.41: M1 = round(64.79) = 65, M2 = 126. The paper takes
    // those order statistics (0.98462 and 1.02778); mcr averages two neighbours in angle ("differs from the
    // original paper", its source says), 0.98481 and 1.02658 — both within 0.0013 of the paper's.
    expect(r.slopes).toBe(190)
    expect(r.slopeCi.low).toBeCloseTo(0.9846154, 6)
    expect(r.slopeCi.high).toBeCloseTo(1.0277778, 6)
    expect(Math.abs(r.slopeCi.low - 0.9848077)).toBeLessThan(0.0013)
    expect(Math.abs(r.slopeCi.high - 1.0265805)).toBeLessThan(0.0013)
    // intercept limits from the slope's limits: within 0.012 of mcr's −0.2975 and 0.1393
    expect(Math.abs(r.interceptCi.low - -0.2975146)).toBeLessThan(0.012)
    expect(Math.abs(r.interceptCi.high - 0.1393271)).toBeLessThan(0.012)
  })

  it('does not depend on which method is x: swapping gives the inverse line', () => {
    const r = passingBablok(x, y)
    const s = passingBablok(y, x)
    expect(s.slope).toBeCloseTo(1 / r.slope, 2)
  })

  it('shifts the median by K, the slopes below −1 (worked by hand)', () => {
    // slopes: (1,2) 2, (1,3) 0.25, (1,4) 1, (2,3) −1.5, (2,4) 0.5, (3,4) 2.5 → sorted −1.5 0.25 0.5 1 2 2.5;
    // N = 6, K = 1: b = (S(N/2+K) + S(N/2+1+K))/2 = (S4 + S5)/2 = (1 + 2)/2 = 1.5 (unshifted it would be 0.75)
    const r = passingBablok([1, 2, 3, 4], [1, 3, 1.5, 4])
    expect(r.shift).toBe(1)
    expect(r.slopes).toBe(6)
    expect(r.slope).toBe(1.5)
    // a slope of exactly −1 is left out
    expect(passingBablok([1, 2, 3, 4], [1, 3, 2, 4]).slopes).toBe(5)
  })

  it('keeps an open interval open when samples share a reference value, with no NaN', () => {
    // slopes 0.5, 1 and +∞ (x equal, y not): b = 1; with n = 3 the interval takes the 1st and the last slope
    const r = passingBablok([0, 0, 100], [0, 50, 100])
    expect(r.slope).toBe(1)
    expect(r.slopeCi).toEqual({ low: 0.5, high: Infinity })
    expect(r.interceptCi).toEqual({ low: -Infinity, high: 50 }) // median(0, 50, 100 − 50)
  })

  it('finds an exact line exactly', () => {
    const r = passingBablok([1, 2, 3, 4, 5], [3, 5, 7, 9, 11])
    expect(r.slope).toBe(2)
    expect(r.intercept).toBe(1)
  })
})

describe('sensitivity and specificity', () => {
  it('counts one class against the rest with Wilson intervals', () => {
    const pairs = [
      ...Array.from({ length: 81 }, () => ({ test: 'ALL', reference: 'ALL' })),
      ...Array.from({ length: 182 }, () => ({ test: 'HEM', reference: 'ALL' })),
      ...Array.from({ length: 9 }, () => ({ test: 'HEM', reference: 'HEM' })),
      { test: 'ALL', reference: 'HEM' }
    ]
    const d = detection(pairs, 'ALL')
    expect([d.truePositive, d.falseNegative, d.trueNegative, d.falsePositive]).toEqual([81, 182, 9, 1])
    // Newcombe (1998): 81/263 → 0.2553–0.3662
    expect(d.sensitivity.low).toBeCloseTo(0.2553, 3)
    expect(d.sensitivity.high).toBeCloseTo(0.3662, 3)
    expect(d.specificity.value).toBeCloseTo(0.9, 10)
    expect(d.specificity.n).toBe(10)
  })
})
