import { describe, expect, it } from 'vitest'
import { checkClassMap, formatClassMap, mapLabel, parseClassMap } from '../../src/main/core/import/class-map'

describe('class mapping', () => {
  it('parses SOURCE=LABEL pairs, keyed case-insensitively, targets as written', () => {
    const map = parseClassMap('Benign=HEM, Early=ALL,Pre=ALL ,PRO=ALL')
    expect(map).toEqual({ benign: 'HEM', early: 'ALL', pre: 'ALL', pro: 'ALL' })
    expect(mapLabel(map, 'BENIGN')).toBe('HEM')
    expect(mapLabel(map, 'pro')).toBe('ALL')
    expect(mapLabel(map, null)).toBeNull()
    expect(mapLabel({}, 'Early')).toBe('Early')
    expect(formatClassMap(map)).toBe('benign=HEM,early=ALL,pre=ALL,pro=ALL')
  })

  it('rejects malformed and contradictory mappings', () => {
    expect(() => parseClassMap('Benign')).toThrow(/expected SOURCE=LABEL/)
    expect(() => parseClassMap('=ALL')).toThrow(/expected SOURCE=LABEL/)
    expect(() => parseClassMap('Benign=HEM,benign=ALL')).toThrow(/mapped twice/)
    expect(() => parseClassMap(' , ')).toThrow(/empty class mapping/)
    expect(parseClassMap('a=X,A=X')).toEqual({ a: 'X' })
  })

  it('requires every found class to be mapped and every mapped class to exist', () => {
    const map = parseClassMap('Benign=HEM,Early=ALL')
    expect(() => checkClassMap(map, ['Benign', 'Early'])).not.toThrow()
    expect(() => checkClassMap(map, ['benign', 'EARLY'])).not.toThrow()
    expect(() => checkClassMap(map, ['Benign', 'Early', 'Pro'])).toThrow(
      /class Pro not mapped .*classes found: Benign, Early, Pro/
    )
    expect(() => checkClassMap(parseClassMap('Benign=HEM,Erly=ALL,Early=ALL'), ['Benign', 'Early'])).toThrow(
      /no class named erly/
    )
  })
})
