import { describe, expect, it } from 'vitest'
import { countDifferential, differsFromSigned } from '../../../src/main/core/samples/differential'
import { differentialGate } from '../../../src/main/core/samples/sign-off-gate'
import { differentialKeys, UNIDENTIFIED } from '../../../src/shared/differential'

const cells = (spec: Record<string, number>) =>
  Object.entries(spec).flatMap(([label, n]) =>
    Array.from({ length: n }, () => ({ label: label === 'none' ? null : label }))
  )

describe('counted differential', () => {
  it("counts only a person's classes; each share carries the Wilson interval of Newcombe (1998), table I", () => {
    // 81 of 263: 95% Wilson 0.2553–0.3662 (Newcombe, Stat Med 17:857, method 3). 40 cells nobody classed.
    const d = countDifferential(cells({ ALL: 81, HEM: 182, none: 40 }), ['ALL', 'HEM'])
    expect(d.counted).toBe(263)
    expect(d.classes.map((c) => c.name)).toEqual(['ALL', 'HEM', UNIDENTIFIED])
    const all = d.classes[0]
    expect(all.count).toBe(81)
    expect(all.percent).toBeCloseTo((100 * 81) / 263, 10)
    expect(all.low).toBeCloseTo(25.53, 2)
    expect(all.high).toBeCloseTo(36.62, 2)
    // 0 of 263 unidentified: the interval still says how sure (upper bound 3.0/n-ish, never a bare 0%)
    expect(d.classes[2]).toMatchObject({ count: 0, percent: 0, low: 0 })
    expect(d.classes[2].high).toBeGreaterThan(1)
  })

  it('15 of 148 and 1 of 29 give the published intervals (6.24–16.05%, 0.61–17.18%)', () => {
    const a = countDifferential(cells({ ALL: 15, HEM: 133 }), ['ALL', 'HEM']).classes[0]
    expect([a.low, a.high].map((x) => Number(x.toFixed(2)))).toEqual([6.24, 16.05])
    const u = countDifferential(cells({ [UNIDENTIFIED]: 1, HEM: 28 }), ['ALL', 'HEM']).classes[2]
    expect([u.low, u.high].map((x) => Number(x.toFixed(2)))).toEqual([0.61, 17.18])
  })

  it('keeps a class outside the model (reviewed under another model) under its own name instead of losing it', () => {
    const d = countDifferential(cells({ ALL: 1, Pro: 1 }), ['ALL', 'HEM'])
    expect(d.classes.map((c) => [c.name, c.count])).toEqual([
      ['ALL', 1],
      ['HEM', 0],
      [UNIDENTIFIED, 0],
      ['Pro', 1]
    ])
  })

  it('maps keys 1…n to the model classes and the last key to unidentified', () => {
    expect(differentialKeys(['ALL', 'HEM'])).toEqual([
      { key: '1', label: 'ALL' },
      { key: '2', label: 'HEM' },
      { key: '3', label: UNIDENTIFIED }
    ])
  })

  it('sees a change since signing in any class count', () => {
    const signed = countDifferential(cells({ ALL: 2, HEM: 3 }), ['ALL', 'HEM'])
    expect(differsFromSigned(signed, signed)).toBe(false)
    expect(differsFromSigned(countDifferential(cells({ ALL: 1, HEM: 4 }), ['ALL', 'HEM']), signed)).toBe(true)
  })
})

describe('differential sign-off gate', () => {
  const base = {
    counted: 100,
    target: 100,
    flagged: 3,
    flaggedUnreviewed: 0,
    openQcAlerts: [],
    signed: null,
    changedSinceSigned: false
  }

  it('allows a complete count with every flagged cell reviewed', () => {
    expect(differentialGate(base)).toEqual({ possible: true, reasons: [] })
  })

  it('refuses a short count unless the signer says why, and names every other reason too', () => {
    const early = differentialGate({
      ...base,
      counted: 37,
      flaggedUnreviewed: 1,
      openQcAlerts: [{ id: 4, setName: 'daily' }]
    })
    expect(early.possible).toBe(false)
    expect(early.reasons).toEqual([
      '37 of 100 cells counted: count 63 more, or state why the count stops short',
      '1 of 3 flagged cells are not reviewed yet',
      'quality control run 4 of daily is rejected and not acknowledged'
    ])
    expect(differentialGate({ ...base, counted: 37, reason: 'too few cells on the slide' }).possible).toBe(
      true
    )
    expect(differentialGate({ ...base, counted: 37, reason: '  ' }).possible).toBe(false)
    expect(differentialGate({ ...base, counted: 0, reason: 'x' }).reasons).toEqual([
      "no cell has a person's class yet"
    ])
  })

  it('refuses to sign again what nothing has changed since it was signed', () => {
    const again = differentialGate({ ...base, signed: { id: 7 } })
    expect(again.reasons).toEqual([
      'it is signed already (result 7) and no review has changed its counts since'
    ])
    expect(differentialGate({ ...base, signed: { id: 7 }, changedSinceSigned: true }).possible).toBe(true)
  })
})
