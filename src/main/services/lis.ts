import { createHash, randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { writeAtomicallySync } from '../core/files/staging'
import { selectModel } from '../core/db/queries/models'
import { buildFhirBundle } from '../core/lis/fhir'
import { buildOruR01 } from '../core/lis/hl7'
import { LisError, sendMllp, type Delivery } from '../core/lis/mllp'
import { sampleResultFromCounts, type SampleResult } from '../core/lis/result'
import { readLisTarget, writeLisTarget, type LisTarget } from '../core/lis/target'
import { scanSampleCounts } from '../core/lab/scan-samples'
import { openQcAlerts } from '../core/qc/record'
import { getScan } from '../core/scan/store'
import type { ServiceContext } from './context'

/**
 * One sample's counts of a stored scan, as a SampleResult for the LIS. Not signed: sign-off is a person's act
 * the app does not record yet, so every result leaves as preliminary and says so.
 */
export async function sampleResultOf(
  ctx: ServiceContext,
  req: { scanId: number; sampleId: string; patientId?: string }
): Promise<SampleResult> {
  const scan = await getScan(ctx.store.k, req.scanId)
  if (!scan) throw new LisError(`no scan ${req.scanId} (see \`leukolens history --scans\`)`)
  // No result leaves while a control run is rejected and nobody has looked into it.
  const alerts = openQcAlerts(ctx.db)
  if (alerts.length)
    throw new LisError(
      `quality control is rejected (run ${alerts.map((a) => `${a.id} of ${a.setName}`).join(', ')}) and not acknowledged: look into it and \`leukolens qc ack RUN --note …\` before results leave`
    )
  const samples = await scanSampleCounts(ctx, scan)
  const s = samples.find((x) => x.sample === req.sampleId)
  if (!s)
    throw new LisError(
      `scan ${req.scanId} has no sample "${req.sampleId}" (its samples: ${samples.map((x) => x.sample).join(', ') || 'none'})`
    )
  if (!s.cells)
    throw new LisError(`sample ${req.sampleId} of scan ${req.scanId} has no classified cell to report`)
  const model = selectModel(ctx.db, scan.modelId)
  return sampleResultFromCounts(s, {
    patientId: req.patientId,
    model: { id: scan.modelId, name: model?.name },
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
      ? `${hl7Of(ctx, result, req.scanId, readLisTarget(ctx.db))}\r`
      : `${JSON.stringify(buildFhirBundle(result, randomUUID), null, 2)}\n`
  writeAtomicallySync(file, (tmp) => writeFileSync(tmp, text))
  return { file, result, controlId: req.format === 'hl7' ? controlIdOf(result, req.scanId) : undefined }
}

export async function sendSample(
  ctx: ServiceContext,
  req: { scanId: number; sampleId: string; patientId?: string; host?: string; port?: number }
): Promise<{ delivery: Delivery; result: SampleResult; host: string; port: number }> {
  const target = readLisTarget(ctx.db)
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
