import type { ClassShare, SignedResult } from '../../../../shared/types/differential'
import type { Queries } from '../store'

/**
 * SQL of signed sample results (migration 013), on either engine: insert and read only — the table's triggers
 * refuse UPDATE and DELETE, and there is deliberately no function here that tries.
 */

export interface SampleResultRow {
  id: number
  scan_id: number
  sample: string
  status: 'final' | 'corrected'
  replaces: number | null
  target: number
  counted: number
  /** JSON array of ClassShare. */
  classes: string
  model_id: string
  signer: string
  reason: string | null
  signed_at: string
  audit_entry: number
  content_sha256: string
}

export function fromSampleResultRow(r: SampleResultRow): SignedResult {
  return {
    id: r.id,
    scanId: r.scan_id,
    sample: r.sample,
    status: r.status,
    replaces: r.replaces,
    target: r.target,
    counted: r.counted,
    classes: JSON.parse(r.classes) as ClassShare[],
    modelId: r.model_id,
    signer: r.signer,
    reason: r.reason,
    signedAt: r.signed_at,
    auditEntry: r.audit_entry,
    contentSha256: r.content_sha256
  }
}

/** Stores one signed result; returns it as stored. */
export async function insertSampleResult(
  q: Queries,
  r: Omit<SampleResultRow, 'id'>
): Promise<SampleResultRow> {
  return q.insertInto('sample_results').values(r).returningAll().executeTakeFirstOrThrow()
}

/** The newest signed result of one sample of a scan (the one no correction replaces), if any. */
export async function latestSampleResult(
  q: Queries,
  scanId: number,
  sample: string
): Promise<SampleResultRow | undefined> {
  return q
    .selectFrom('sample_results as r')
    .selectAll('r')
    .where('r.scan_id', '=', scanId)
    .where('r.sample', '=', sample)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('sample_results as c').select('c.id').whereRef('c.replaces', '=', 'r.id')))
    )
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Every signed result of one scan (all samples, corrections included), oldest first. */
export async function sampleResultsOfScan(q: Queries, scanId: number): Promise<SampleResultRow[]> {
  return q.selectFrom('sample_results').selectAll().where('scan_id', '=', scanId).orderBy('id').execute()
}
