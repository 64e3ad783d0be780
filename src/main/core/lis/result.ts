/**
 * What leaves the lab for the LIS: one sample's differential as plain data — per class the count, the share with
 * its 95% Wilson interval, the cells it rests on, the model version that classified them, and who signed it
 * (absent while unsigned: the message then says preliminary).
 */
import type { SignedResult } from '../../../shared/types/differential'

export interface ClassResult {
  name: string
  count: number
  percent: number
  /** 95% Wilson interval, percent. */
  low: number
  high: number
}

export interface SampleResult {
  sampleId: string
  /** The patient's identifier when the lab gives one (the LIS links the result to its order by it). */
  patientId?: string
  cells: number
  classes: ClassResult[]
  model: { id: string; name?: string }
  /** Who signed the result and when; undefined: not signed (preliminary). */
  signer?: { name: string; at: string }
  /** A signed result that replaces an earlier signed one (HL7 status C, FHIR `corrected`). */
  corrected?: boolean
  /** A count signed short of its target, and the signer's reason. */
  shortOfTarget?: { target: number; reason: string }
  /** When the cells were classified. */
  observedAt: string
  software: { name: string; version: string }
}

/** "12 of 100 cells, 12.0% (95% Wilson CI 7.0–19.8%)". */
export function classResultText(c: ClassResult, cells: number): string {
  return `${c.count} of ${cells} cells, ${c.percent.toFixed(1)}% (95% Wilson CI ${c.low.toFixed(1)}–${c.high.toFixed(1)}%)`
}

/** A signed, frozen differential (core/samples/sign.ts) as what leaves for the LIS. */
export function sampleResultFromSigned(
  r: SignedResult,
  meta: Pick<SampleResult, 'patientId' | 'observedAt' | 'software'> & { modelName?: string }
): SampleResult {
  return {
    sampleId: r.sample,
    patientId: meta.patientId,
    cells: r.counted,
    classes: r.classes.map((c) => ({ ...c })),
    model: { id: r.modelId, name: meta.modelName },
    signer: { name: r.signer, at: r.signedAt },
    corrected: r.status === 'corrected',
    ...(r.reason ? { shortOfTarget: { target: r.target, reason: r.reason } } : {}),
    observedAt: meta.observedAt,
    software: meta.software
  }
}

/** The notes a signed result carries before its values: a correction, a count short of its target. */
export function resultNotes(r: SampleResult): string[] {
  return [
    ...(r.corrected ? ['Corrected result: it replaces the result sent before for this sample.'] : []),
    ...(r.shortOfTarget
      ? [
          `Counted ${r.cells} of a target of ${r.shortOfTarget.target} cells; signed short because: ${r.shortOfTarget.reason}`
        ]
      : [])
  ]
}
