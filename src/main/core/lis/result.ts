/**
 * What leaves the lab for the LIS: one sample's differential as plain data — per class the count, the share with
 * its 95% Wilson interval, the cells it rests on, the model version that classified them, and who signed it
 * (absent while unsigned: the message then says preliminary).
 */
import type { SampleCount } from '../../../shared/types/scan'

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
  /** When the cells were classified. */
  observedAt: string
  software: { name: string; version: string }
}

export function sampleResultFromCounts(
  s: SampleCount,
  meta: Omit<SampleResult, 'sampleId' | 'cells' | 'classes'>
): SampleResult {
  return {
    sampleId: s.sample,
    cells: s.cells,
    classes: Object.entries(s.byClass).map(([name, p]) => ({
      name,
      count: p.count,
      percent: p.percent,
      low: p.low,
      high: p.high
    })),
    ...meta
  }
}

/** "12 of 100 cells, 12.0% (95% Wilson CI 7.0–19.8%)". */
export function classResultText(c: ClassResult, cells: number): string {
  return `${c.count} of ${cells} cells, ${c.percent.toFixed(1)}% (95% Wilson CI ${c.low.toFixed(1)}–${c.high.toFixed(1)}%)`
}
