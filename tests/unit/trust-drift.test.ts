import { describe, expect, it } from 'vitest'
import { batchDrift, binomialUpperTail } from '../../src/main/core/trust/drift'

describe('binomial upper tail', () => {
  // Reference values: exact sums (Python: sum(comb(n, i) p^i (1-p)^(n-i) for i in range(k, n + 1))).
  it.each([
    [5, 10, 0.5, 0.623046875],
    [10, 10, 0.5, 0.0009765625],
    [3, 100, 0.01, 0.0793732022521803],
    [9, 400, 0.011, 0.03495440086867286],
    [20, 400, 0.011, 3.500499607783851e-8]
  ])('P(X ≥ %i | n = %i, p = %f) = %f', (k, n, p, want) => {
    expect(binomialUpperTail(k, n, p) / want).toBeCloseTo(1, 9)
  })
  it('is 1 at k = 0 and 0 beyond n', () => {
    expect(binomialUpperTail(0, 5, 0.3)).toBe(1)
    expect(binomialUpperTail(6, 5, 0.3)).toBe(0)
  })
})

describe('batch drift', () => {
  const validation = { unfamiliar: 0.011, flagged: 0.053 }
  it('stays quiet on a batch like validation', () => {
    // 5 unfamiliar and 21 flagged of 738 (an Aria folder): below the validation shares' expectations.
    const d = batchDrift({ n: 738, unfamiliar: 5, flagged: 21 }, validation)
    expect(d.different).toBe(false)
    expect(d.message).toBeUndefined()
    // 9 of 400 unfamiliar: more than the 4.4 expected, but p = 0.035 is not below 0.01.
    expect(batchDrift({ n: 400, unfamiliar: 9, flagged: 21 }, validation).different).toBe(false)
  })
  it('fires on a shifted batch, naming what moved', () => {
    const d = batchDrift({ n: 400, unfamiliar: 20, flagged: 21 }, validation)
    expect(d.different).toBe(true)
    expect(d.checks.map((c) => c.fires)).toEqual([true, false])
    expect(d.message).toBe(
      'this batch looks different from the training data: 20 of 400 unfamiliar (5.0%; validation 1.1%, p < 0.0001)'
    )
    expect(
      batchDrift({ n: 272, unfamiliar: 272, flagged: 272 }, validation).checks.every((c) => c.fires)
    ).toBe(true)
  })
})
