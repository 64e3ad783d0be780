import { describe, expect, it } from 'vitest'
import { westgard } from '../../../src/main/core/stats/westgard'

const target = { mean: 100, sd: 2 }
/** Values at the given distances from the target, in SDs. */
const at = (...z: number[]): number[] => z.map((v) => target.mean + v * target.sd)
const last = (values: number[]) => westgard(values, target).at(-1)!

describe('Westgard rules', () => {
  it('stays quiet on a series that wanders inside ±2 SD and crosses the mean', () => {
    const verdicts = westgard(at(0.5, -1.2, 1.9, -1.9, 0.3, 1, -0.4, 1.5, -1, 0.2, 0.8, -0.6), target)
    expect(verdicts.every((v) => v.rules.length === 0 && !v.reject)).toBe(true)
  })

  it('1-2s warns without rejecting', () => {
    const v = last(at(0, 2.5))
    expect(v.rules).toEqual(['1-2s'])
    expect(v.reject).toBe(false)
  })

  it('1-3s rejects one result beyond 3 SD, either side', () => {
    expect(last(at(0, 3.2)).rules).toContain('1-3s')
    expect(last(at(0, -3.2)).reject).toBe(true)
    expect(last(at(0, 2.9)).rules).not.toContain('1-3s')
  })

  it('2-2s rejects two consecutive results beyond 2 SD on the same side, not on opposite sides', () => {
    expect(last(at(2.3, 2.1)).rules).toContain('2-2s')
    expect(last(at(-2.3, -2.1)).reject).toBe(true)
    expect(last(at(2.3, 1.9)).rules).not.toContain('2-2s')
    expect(last(at(2.3, -2.1)).rules).not.toContain('2-2s')
  })

  it('R-4s rejects one result above +2 SD and the next below −2 SD', () => {
    const v = last(at(2.2, -2.1))
    expect(v.rules).toContain('R-4s')
    expect(v.reject).toBe(true)
    expect(last(at(2.2, -1.9)).rules).not.toContain('R-4s')
  })

  it('10-x rejects ten consecutive results on one side of the mean, not nine', () => {
    const ten = at(0.5, 0.3, 1.1, 0.2, 0.9, 1.4, 0.1, 0.6, 0.7, 0.4)
    expect(last(ten).rules).toEqual(['10-x'])
    expect(last(ten.slice(1)).rules).toEqual([])
    expect(last(ten.map((v) => 2 * target.mean - v)).reject).toBe(true)
    expect(last([...ten.slice(0, 9), target.mean - 0.2]).rules).toEqual([])
  })

  it('judges every run on the runs up to it and refuses a zero SD', () => {
    const verdicts = westgard(at(0, 3.5, 0), target)
    expect(verdicts.map((v) => v.reject)).toEqual([false, true, false])
    expect(() => westgard([1], { mean: 1, sd: 0 })).toThrow(/SD/)
  })
})
