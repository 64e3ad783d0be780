import { sql } from 'kysely'
import type { Queries } from '../store'

/** One image of a scan with the newest answer of each of two model versions (null where it has none). */
export interface ComparedRow {
  path: string
  sha256: string
  aPredicted: string | null
  aConfidence: number | null
  aFlagged: number | null
  bPredicted: string | null
  bConfidence: number | null
  bFlagged: number | null
  reviewed: string | null
}

/**
 * The readable files of a scan, each with the newest prediction of version `a` and of version `b` on the same
 * content (from any scan: a prediction belongs to content and model, not to the run that made it) and the
 * content's current review label.
 */
export async function comparedRows(q: Queries, scanId: number, a: string, b: string): Promise<ComparedRow[]> {
  // Quoted aliases: PostgreSQL folds unquoted names to lower case.
  const r = await sql<ComparedRow>`WITH items AS (
         SELECT i.sha256, max(i.path) AS path FROM scan_items i
         WHERE i.scan_id = ${scanId} AND i.sha256 IS NOT NULL GROUP BY i.sha256
       ),
       pa AS (SELECT p.* FROM predictions p JOIN items USING (sha256)
              WHERE p.model_id = ${a} AND p.id = (SELECT max(id) FROM predictions q WHERE q.sha256 = p.sha256 AND q.model_id = p.model_id)),
       pb AS (SELECT p.* FROM predictions p JOIN items USING (sha256)
              WHERE p.model_id = ${b} AND p.id = (SELECT max(id) FROM predictions q WHERE q.sha256 = p.sha256 AND q.model_id = p.model_id))
       SELECT items.path, items.sha256,
         pa.predicted AS "aPredicted", pa.confidence AS "aConfidence", pa.flagged AS "aFlagged",
         pb.predicted AS "bPredicted", pb.confidence AS "bConfidence", pb.flagged AS "bFlagged",
         (SELECT r.new_label FROM review_log r WHERE r.sha256 = items.sha256 ORDER BY r.id DESC LIMIT 1) AS reviewed
       FROM items LEFT JOIN pa ON pa.sha256 = items.sha256 LEFT JOIN pb ON pb.sha256 = items.sha256
       ORDER BY items.path`.execute(q)
  return r.rows
}
