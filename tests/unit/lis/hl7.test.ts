import { describe, expect, it } from 'vitest'
import HL7 from 'hl7-standard'
import { buildOruR01, hl7Escape } from '../../../src/main/core/lis/hl7'
import { CORRECTED, SIGNED, UNSIGNED } from './sample-result'

const env = {
  controlId: 'LL-1-42',
  sendingFacility: 'HEMLAB',
  receivingApplication: 'LIS',
  receivingFacility: 'HOSP',
  at: new Date('2026-12-06T10:16:00Z')
}

/** Parsed back with hl7-standard, a parser independent of the builder (@medplum/core). */
function parse(text: string) {
  const h = new HL7(text)
  h.transform()
  return h
}

describe('HL7 v2.5.1 ORU^R01', () => {
  it('parses back field by field: header, order, one OBX per class with units, status, signer and model', () => {
    const h = parse(buildOruR01(SIGNED, env))
    expect(h.get('MSH.3.1')).toBe('Leukolens')
    expect(h.get('MSH.4')).toBe('HEMLAB')
    expect(h.get('MSH.7')).toBe('20261206101600+0000')
    expect(h.get('MSH.9')).toEqual({ 'MSH.9.1': 'ORU', 'MSH.9.2': 'R01', 'MSH.9.3': 'ORU_R01' })
    expect(h.get('MSH.10')).toBe('LL-1-42')
    expect(h.get('MSH.12')).toBe('2.5.1')
    expect(h.get('PID.3.1')).toBe('MRN123')
    expect(h.get('OBR.3')).toBe('S-2026-0042')
    expect(h.get('OBR.4.1')).toBe('LL-DIFF')
    expect(h.get('OBR.7')).toBe('20261206090000+0000')
    expect(h.get('OBR.25')).toBe('F')
    expect(h.get('OBR.32.2')).toBe('Anna Berg')
    const obx = h.getSegments('OBX')
    expect(obx).toHaveLength(3)
    expect(obx.map((s) => s.get('OBX.3.1'))).toEqual(['LL-CELLS', 'LL-ALL', 'LL-HEM'])
    expect(obx.map((s) => s.get('OBX.5'))).toEqual(['200', '13.5', '86.5'])
    expect(obx[1].get('OBX.2')).toBe('NM')
    expect(obx[1].get('OBX.6.1')).toBe('%')
    expect(obx[1].get('OBX.6.3')).toBe('UCUM')
    expect(obx[0].get('OBX.6.1')).toBe('{cells}')
    expect(obx[1].get('OBX.11')).toBe('F')
    expect(obx[1].get('OBX.16.2')).toBe('Anna Berg')
    expect(obx[1].get('OBX.17.1')).toBe('m-20261201-7')
    const notes = h.getSegments('NTE').map((s) => s.get('NTE.3'))
    expect(notes).toEqual([
      'ALL: 27 of 200 cells, 13.5% (95% Wilson CI 9.4–18.9%)',
      'HEM: 173 of 200 cells, 86.5% (95% Wilson CI 81.1–90.5%)'
    ])
  })

  it('sends an unsigned result as preliminary and says so', () => {
    const h = parse(buildOruR01(UNSIGNED, env))
    expect(h.get('OBR.25')).toBe('P')
    expect(h.getSegments('OBX').every((s) => s.get('OBX.11') === 'P')).toBe(true)
    expect(h.getSegments('PID')).toHaveLength(0)
    expect(h.get('NTE.3')).toContain('Preliminary: not signed by a person')
  })

  it('marks a corrected result C (HL7 table 0123) on the order and on every observation', () => {
    const h = parse(buildOruR01(CORRECTED, env))
    expect(h.get('OBR.25')).toBe('C')
    expect(h.getSegments('OBX').map((s) => s.get('OBX.11'))).toEqual(['C', 'C', 'C'])
    expect(h.get('OBR.32.2')).toBe('Anna Berg')
    expect(h.getSegments('NTE')[0].get('NTE.3')).toBe(
      'Corrected result: it replaces the result sent before for this sample.'
    )
  })

  it('says when a count was signed short of its target, and why', () => {
    const h = parse(buildOruR01({ ...SIGNED, shortOfTarget: { target: 300, reason: 'too few cells' } }, env))
    expect(h.getSegments('NTE')[0].get('NTE.3')).toBe(
      'Counted 200 of a target of 300 cells; signed short because: too few cells'
    )
    expect(h.get('OBR.25')).toBe('F')
  })

  it('escapes delimiters in free text so that a field never spills into the next', () => {
    expect(hl7Escape('a|b^c&d~e\\f')).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f')
    const h = parse(
      buildOruR01({ ...SIGNED, sampleId: 'S|1^x', signer: { ...SIGNED.signer!, name: 'O^Brien & Co' } }, env)
    )
    expect(h.get('OBR.3')).toBe('S\\F\\1\\S\\x')
    expect(h.get('OBR.32.2')).toBe('O\\S\\Brien \\T\\ Co')
    expect(h.get('OBR.4.1')).toBe('LL-DIFF')
  })
})
