/**
 * The lab-workflow calls of the contract (quality control, validation), spread into CALLS (contract.ts): the same
 * request → response schemas, kept in their own file so the contract stays readable.
 */
import { z } from 'zod'
import { call, jobId, saveToken } from './call'
import { QcRunView, QcSetView } from '../types/qc'
import { ValidationStudyView } from '../types/validation'
import { DifferentialView, SampleWork, SignedResult } from '../types/differential'
import { exactObject, int, none, text } from '../wire'

/** What a validation study compares: a scan against a cell reference (CSV or reviews) and/or manual counts. */
const ValidationRequestArg = exactObject({
  scanId: int(1),
  reference: text().optional(),
  reviewed: z.boolean().optional(),
  counts: text().optional(),
  map: text(2000).optional(),
  blastClass: text(200).optional()
})

export const LAB_CALLS = {
  /** Quality control: control sets with their runs and Westgard verdicts (services/qc.ts). */
  'qc:list': call(none, z.array(QcSetView)),
  'qc:add': call(
    exactObject({
      name: text(200),
      folder: text(),
      reference: text().optional(),
      map: text(2000).optional(),
      blastClass: text(200).optional()
    }),
    QcSetView
  ),
  /** Scans the set's folder with the active model (or `modelId`) and stores the run with its verdict. */
  'qc:run': call(exactObject({ jobId, name: text(200), modelId: text(100).optional() }), QcRunView),
  'qc:target': call(
    exactObject({
      name: text(200),
      accuracy: exactObject({ mean: z.number(), sd: z.number().gt(0) }).optional(),
      blast: exactObject({ mean: z.number(), sd: z.number().gt(0) }).optional(),
      fromRuns: int(2, 1000).optional()
    }),
    QcSetView
  ),
  /** A person's acknowledgement of a rejected run, with a note (who and when are stored with it). */
  'qc:ack': call(exactObject({ runId: int(1), note: text(4000) }), QcRunView),
  /** Rejected runs nobody acknowledged: no result leaves for the LIS while there is one. */
  'qc:alerts': call(none, z.array(QcRunView)),
  /** Each sample's counted differential of a scan (or the one named), with its sign-off state (services/samples.ts). */
  'sample:differential': call(
    exactObject({ scanId: int(1), sample: text(200).optional() }),
    z.array(DifferentialView)
  ),
  /** Signs a sample's differential; `reason`: why the count stops short of its target. */
  'sample:sign': call(
    exactObject({ scanId: int(1), sample: text(200), reason: text(2000).optional() }),
    SignedResult
  ),
  /** The samples of the newest scans with their count, flags and sign-off state; `waiting`: not signed yet. */
  'sample:list': call(
    exactObject({ waiting: z.boolean().optional(), scans: int(1, 200).optional() }),
    z.array(SampleWork)
  ),
  /** A signed sample's result written for the LIS (HL7 v2.5.1 ORU^R01 or a FHIR R4 bundle) where the user chose. */
  'lis:export': call(
    exactObject({ scanId: int(1), sample: text(200), format: z.enum(['hl7', 'fhir']), saveToken }),
    z.object({ file: z.string(), controlId: z.string().optional() })
  ),
  /** A signed sample's result sent over MLLP to the configured LIS; the ACK, or the refusal as an error. */
  'lis:send': call(
    exactObject({ scanId: int(1), sample: text(200) }),
    z.object({
      host: z.string(),
      port: z.number(),
      controlId: z.string(),
      ack: z.string(),
      attempts: z.number(),
      failures: z.array(z.string())
    })
  ),
  /** A local validation study of a scan (services/validation.ts); `saveToken` also writes its HTML report. */
  'validation:study': call(ValidationRequestArg, ValidationStudyView),
  'validation:report': call(ValidationRequestArg.extend({ saveToken }), z.string())
}
