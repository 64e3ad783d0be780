/**
 * The sample's differential as an HL7 v2.5.1 ORU^R01 message (built with @medplum/core's Hl7Message): MSH, PID
 * when a patient id is given, OBR for the differential, then per class an OBX with the share in percent (UCUM
 * `%`) followed by an NTE with its count and 95% interval, and an OBX with the cells counted. OBX-17 names the
 * model version that classified the cells, OBX-16 and OBR-32 the signer; unsigned results go out preliminary
 * (status P) and say so.
 */
import { Hl7Message, Hl7Segment } from '@medplum/core'
import { classResultText, resultNotes, type SampleResult } from './result'

export interface Hl7Envelope {
  /** MSH-10: unique per message; a resend of the same message keeps it, so the receiver can drop the copy. */
  controlId: string
  sendingFacility: string
  receivingApplication: string
  receivingFacility: string
  /** When the message is made. */
  at: Date
}

/** HL7 v2 escaping of text put into a field (the delimiters and the escape character itself). */
export function hl7Escape(text: string): string {
  return text
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/\r\n|\r|\n/g, '\\.br\\')
}

/** HL7 DTM (YYYYMMDDHHMMSS+ZZZZ) in UTC. */
export function hl7Time(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`
}

const component = (...parts: string[]): string => parts.map(hl7Escape).join('^')

/** The local code of a class's share, and of the cell count (the LIS maps local codes to its own). */
export const classCode = (name: string): string => `LL-${name}`
export const CELLS_CODE = 'LL-CELLS'
export const DIFF_CODE = 'LL-DIFF'

export function buildOruR01(r: SampleResult, env: Hl7Envelope): string {
  // F final, C a correction of a result sent before (HL7 table 0123), P not signed.
  const status = r.signer ? (r.corrected ? 'C' : 'F') : 'P'
  const observed = hl7Time(r.observedAt)
  const method = component(r.model.id, `Leukolens model ${r.model.name ?? r.model.id}`, 'L')
  const signer = r.signer ? component('', r.signer.name) : ''
  const seg = (fields: string[]) => new Hl7Segment(fields)
  const segments = [
    seg([
      'MSH',
      '^~\\&',
      component(r.software.name, r.software.version),
      hl7Escape(env.sendingFacility),
      hl7Escape(env.receivingApplication),
      hl7Escape(env.receivingFacility),
      hl7Time(env.at),
      '',
      'ORU^R01^ORU_R01',
      hl7Escape(env.controlId),
      'P',
      '2.5.1'
    ])
  ]
  if (r.patientId) segments.push(seg(['PID', '1', '', component(r.patientId, '', '', '', 'MR')]))
  const obr = [
    'OBR',
    '1',
    '',
    hl7Escape(r.sampleId),
    component(DIFF_CODE, 'White cell differential (Leukolens)', 'L')
  ]
  obr[7] = observed
  obr[22] = hl7Time(r.signer?.at ?? env.at)
  obr[25] = status
  obr[32] = signer
  segments.push(seg(Array.from(obr, (f) => f ?? '')))
  if (!r.signer)
    segments.push(
      seg(['NTE', '1', 'L', 'Preliminary: not signed by a person. Do not report before sign-off.'])
    )
  for (const [i, note] of resultNotes(r).entries())
    segments.push(seg(['NTE', String(i + 1), 'L', hl7Escape(note)]))
  const obx = (setId: number, code: string, text: string, value: string, units: string) => {
    const f = ['OBX', String(setId), 'NM', component(code, text, 'L'), '', value, units]
    f[11] = status
    f[14] = observed
    f[16] = signer
    f[17] = method
    return seg(Array.from(f, (x) => x ?? ''))
  }
  let n = 1
  segments.push(
    obx(n++, CELLS_CODE, 'White cells counted', String(r.cells), component('{cells}', 'cells', 'UCUM'))
  )
  for (const c of r.classes) {
    segments.push(
      obx(n++, classCode(c.name), `${c.name} cells`, c.percent.toFixed(1), component('%', 'percent', 'UCUM'))
    )
    segments.push(seg(['NTE', '1', 'L', hl7Escape(`${c.name}: ${classResultText(c, r.cells)}`)]))
  }
  return new Hl7Message(segments).toString()
}
