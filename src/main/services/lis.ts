import { createHash, randomUUID } from 'node:crypto'
import { workstationStore } from './workstation-store'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { writeAtomicallySync } from '../core/files/staging'
import { selectModel } from '../core/db/queries/models'
import { buildFhirBundle } from '../core/lis/fhir'
import { buildOruR01 } from '../core/lis/hl7'
import { LisError, sendMllp, type Delivery } from '../core/lis/mllp'
import { sampleResultFromSigned, type SampleResult } from '../core/lis/result'
import { readLisTarget, writeLisTarget, type LisTarget } from '../core/lis/target'
import { DifferentialError } from '../core/samples/differential'
import { signedResultOf } from '../core/samples/sign'
import { openQcAlerts } from '../core/qc/record'
import { getScan } from '../core/scan/store'
import type { ServiceContext } from './context'

/**
 * One sample's newest signed result of a stored scan, as a SampleResult for the LIS: only a signed result leaves,
 * frozen as it was signed (a correction goes out marked as one). Refused, with the reason, while a rejected
 * control run is not acknowledged.
 */
export async function sampleResultOf(
  ctx: ServiceContext,
  req: { scanId: number; sampleId: string; patientId?: string }
): Promise<SampleResult> {
  const scan = await getScan(ctx.store.k, req.scanId)
  if (!scan) throw new LisError(`no scan ${req.scanId} (see \`leukolens history --scans\`)`)
  // No result leaves while a control run is rejected and nobody has looked into it.
  const alerts = await openQcAlerts(ctx.store.k)
  if (alerts.length)
    throw new LisError(
      `quality control is rejected (run ${alerts.map((a) => `${a.id} of ${a.setName}`).join(', ')}) and not acknowledged: look into it and \`leukolens qc ack RUN --note …\` before results leave`
    )
  let signed
  try {
    signed = await signedResultOf(ctx.store, scan, req.sampleId)
  } catch (err) {
    if (err instanceof DifferentialError) throw new LisError(err.message)
    throw err
  }
  return sampleResultFromSigned(signed, {
    patientId: req.patientId,
    modelName: (await selectModel(ctx.store.k, signed.modelId))?.name,
    observedAt: scan.finishedAt ?? scan.startedAt,
    software: { name: 'Leukolens', version: ctx.version }
  })
}

/**
 * The message control id: the same result gives the same id (scan, sample and content), so sending it again —
 * by a retry or a second command — is a copy the LIS can recognise, never a second result.
 */
export function controlIdOf(r: SampleResult, scanId: number): string {
  const { software: _software, ...content } = r
  return `LL${scanId}-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)}`
}

function hl7Of(ctx: ServiceContext, r: SampleResult, scanId: number, target: LisTarget): string {
  return buildOruR01(r, {
    controlId: controlIdOf(r, scanId),
    sendingFacility: target.sendingFacility,
    receivingApplication: target.receivingApplication,
    receivingFacility: target.receivingFacility,
    at: new Date()
  })
}

export async function exportSample(
  ctx: ServiceContext,
  req: { scanId: number; sampleId: string; patientId?: string; format: 'hl7' | 'fhir'; out: string }
): Promise<{ file: string; result: SampleResult; controlId?: string }> {
  const result = await sampleResultOf(ctx, req)
  const file = resolve(req.out)
  const text =
    req.format === 'hl7'
      ? `${hl7Of(ctx, result, req.scanId, await readLisTarget(workstationStore(ctx).k))}\r`
      : `${JSON.stringify(buildFhirBundle(result, randomUUID), null, 2)}\n`
  writeAtomicallySync(file, (tmp) => writeFileSync(tmp, text))
  return { file, result, controlId: req.format === 'hl7' ? controlIdOf(result, req.scanId) : undefined }
}

export async function sendSample(
  ctx: ServiceContext,
  req: { scanId: number; sampleId: string; patientId?: string; host?: string; port?: number }
): Promise<{ delivery: Delivery; result: SampleResult; host: string; port: number }> {
  const target = await readLisTarget(workstationStore(ctx).k)
  const host = req.host ?? target.host
  const port = req.port ?? target.port
  if (!host || !port)
    throw new LisError(
      'no LIS configured: `leukolens lis --host HOST --port PORT`, or give --host and --port'
    )
  const result = await sampleResultOf(ctx, req)
  const delivery = await sendMllp(hl7Of(ctx, result, req.scanId, target), { host, port })
  return { delivery, result, host, port }
}

export { readLisTarget, writeLisTarget }
