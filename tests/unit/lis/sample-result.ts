import type { SampleResult } from '../../../src/main/core/lis/result'

/** A signed differential of 200 cells: ALL 27 (13.5%, Wilson 9.5–18.9%), HEM 173. */
export const SIGNED: SampleResult = {
  sampleId: 'S-2026-0042',
  patientId: 'MRN123',
  cells: 200,
  classes: [
    { name: 'ALL', count: 27, percent: 13.5, low: 9.45, high: 18.94 },
    { name: 'HEM', count: 173, percent: 86.5, low: 81.06, high: 90.55 }
  ],
  model: { id: 'm-20261201-7', name: 'aria mobilenet' },
  signer: { name: 'Anna Berg', at: '2026-12-06T10:15:00.000Z' },
  observedAt: '2026-12-06T09:00:00.000Z',
  software: { name: 'Leukolens', version: '0.1.0' }
}

export const UNSIGNED: SampleResult = { ...SIGNED, signer: undefined, patientId: undefined }

/** The same sample signed again after a review changed it: a correction of the result sent before. */
export const CORRECTED: SampleResult = { ...SIGNED, corrected: true }
