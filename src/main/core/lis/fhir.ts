/**
 * The sample's differential as a FHIR R4 Bundle (type collection): a DiagnosticReport and one Observation per
 * class — the share in percent (UCUM) with components for the count, the cells it rests on and the 95% Wilson
 * interval — plus one for the cells counted. Local codes (`urn:leukolens:code`), which the LIS maps; the model
 * version is each Observation's method and device name; the signer is the report's results interpreter.
 * Unsigned: status preliminary.
 */
import type { Bundle, DiagnosticReport, Observation, Patient, Quantity, Reference } from '@medplum/fhirtypes'
import { resultNotes, type SampleResult } from './result'
import { CELLS_CODE, classCode, DIFF_CODE } from './hl7'

export const CODE_SYSTEM = 'urn:leukolens:code'
const UCUM = 'http://unitsofmeasure.org'

const percent = (value: number): Quantity => ({
  value: Number(value.toFixed(2)),
  unit: '%',
  system: UCUM,
  code: '%'
})
const count = (value: number): Quantity => ({ value, unit: 'cells', system: UCUM, code: '{cells}' })
const code = (c: string, display: string) => ({
  coding: [{ system: CODE_SYSTEM, code: c, display }],
  text: display
})

/** `ids` gives each resource a stable id (a UUID in use, fixed in tests). */
export function buildFhirBundle(r: SampleResult, ids: () => string): Bundle {
  const status: 'final' | 'corrected' | 'preliminary' = r.signer
    ? r.corrected
      ? 'corrected'
      : 'final'
    : 'preliminary'
  const specimen = {
    identifier: { system: 'urn:leukolens:sample', value: r.sampleId },
    display: `sample ${r.sampleId}`
  }
  const subject: Reference<Patient> | undefined = r.patientId
    ? { identifier: { system: 'urn:leukolens:patient', value: r.patientId } }
    : undefined
  const performer = r.signer ? [{ display: r.signer.name }] : undefined
  const method = { text: `Leukolens model ${r.model.name ?? r.model.id} (version ${r.model.id})` }
  const common = {
    resourceType: 'Observation' as const,
    status,
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }]
      }
    ],
    subject,
    specimen,
    effectiveDateTime: r.observedAt,
    performer,
    method
  }
  const observations: Observation[] = [
    { ...common, id: ids(), code: code(CELLS_CODE, 'White cells counted'), valueQuantity: count(r.cells) },
    ...r.classes.map((c): Observation => ({
      ...common,
      id: ids(),
      code: code(classCode(c.name), `${c.name} cells`),
      valueQuantity: percent(c.percent),
      note: [
        {
          text: `${c.count} of ${r.cells} cells; 95% Wilson interval ${c.low.toFixed(1)}–${c.high.toFixed(1)}%`
        }
      ],
      component: [
        {
          code: code(`${classCode(c.name)}-COUNT`, `${c.name} cells counted`),
          valueQuantity: count(c.count)
        },
        {
          code: code(`${classCode(c.name)}-CI-LOW`, '95% Wilson interval, low'),
          valueQuantity: percent(c.low)
        },
        {
          code: code(`${classCode(c.name)}-CI-HIGH`, '95% Wilson interval, high'),
          valueQuantity: percent(c.high)
        }
      ]
    }))
  ]
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: ids(),
    status,
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'HM', display: 'Hematology' }
        ]
      }
    ],
    code: code(DIFF_CODE, 'White cell differential (Leukolens)'),
    subject,
    specimen: [specimen],
    effectiveDateTime: r.observedAt,
    issued: r.signer?.at,
    resultsInterpreter: performer,
    result: observations.map((o) => ({ reference: `urn:uuid:${o.id}` })),
    conclusion: r.signer
      ? [...resultNotes(r), `Signed by ${r.signer.name} at ${r.signer.at}.`].join(' ')
      : 'Preliminary: not signed by a person. Do not report before sign-off.'
  }
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: new Date().toISOString(),
    entry: [report, ...observations].map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource }))
  }
}
