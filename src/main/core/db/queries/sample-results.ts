import type { Database } from 'better-sqlite3'
import type { ClassShare, SignedResult } from '../../../../shared/types/differential'
import { stmt } from './statements'

/**
 * SQL of signed sample results (migration 013): insert and read only — the table's triggers refuse UPDATE and
 * DELETE. Plain SQL that PostgreSQL also takes (RETURNING, no SQLite-only forms).
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
export function insertSampleResult(db: Database, r: Omit<SampleResultRow, 'id'>): SampleResultRow {
  return stmt(
    db,
    `INSERT INTO sample_results (scan_id, sample, status, replaces, target, counted, classes, model_id, signer,
       reason, signed_at, audit_entry, content_sha256)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     RETURNING *`
  ).get(
    r.scan_id,
    r.sample,
    r.status,
    r.replaces,
    r.target,
    r.counted,
    r.classes,
    r.model_id,
    r.signer,
    r.reason,
    r.signed_at,
    r.audit_entry,
    r.content_sha256
  ) as SampleResultRow
}

/** The newest signed result of one sample of a scan (the one no correction replaces), if any. */
export function latestSampleResult(
  db: Database,
  scanId: number,
  sample: string
): SampleResultRow | undefined {
  return stmt(
    db,
    `SELECT * FROM sample_results r
      WHERE r.scan_id = ? AND r.sample = ?
        AND NOT EXISTS (SELECT 1 FROM sample_results c WHERE c.replaces = r.id)
      ORDER BY r.id DESC LIMIT 1`
  ).get(scanId, sample) as SampleResultRow | undefined
}

/** Every signed result of one scan (all samples, corrections included), oldest first. */
export function sampleResultsOfScan(db: Database, scanId: number): SampleResultRow[] {
  return stmt(db, 'SELECT * FROM sample_results WHERE scan_id = ? ORDER BY id').all(
    scanId
  ) as SampleResultRow[]
}
