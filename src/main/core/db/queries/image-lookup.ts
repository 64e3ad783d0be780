import type { Database } from 'better-sqlite3'
import { stmt } from './statements'

/** How a user names an image on the command line: a prefix of its hash, or a whole field and one of its cells. */

/**
 * Up to `limit` distinct scanned contents whose SHA-256 starts with `prefix` (lower-case hex). A range on the
 * index, not LIKE: SQLite's LIKE ignores case and so cannot use it.
 */
export function shasWithPrefix(db: Database, prefix: string, limit = 5): string[] {
  return stmt(
    db,
    `SELECT DISTINCT sha256 FROM scan_items WHERE sha256 >= ? AND sha256 < ? ORDER BY sha256 LIMIT ?`
  )
    .pluck()
    .all(prefix, `${prefix}g`, limit) as string[]
}

/** A cell of a whole field as the newest field scan of that field recorded it. */
export interface FieldCellImage {
  scanId: number
  cell: number
  /** The cell crop's content hash: what its prediction and its reviews are keyed by. */
  sha256: string
  predicted: string | null
  confidence: number | null
}

/**
 * The cells the newest field scan of a field (by the field's content) found in it, by cell number; empty when no
 * field scan saw that content.
 */
export function cellsOfField(db: Database, fieldSha256: string): FieldCellImage[] {
  return stmt(
    db,
    `SELECT fc.scan_id AS scanId, fc.cell AS cell, si.sha256 AS sha256, p.predicted AS predicted,
            p.confidence AS confidence
       FROM field_cells fc
       JOIN scan_items si ON si.scan_id = fc.scan_id AND si.path = fc.crop_path
       LEFT JOIN predictions p ON p.id = si.prediction_id
      WHERE fc.scan_id = (SELECT max(scan_id) FROM field_cells WHERE field_sha256 = ?)
        AND fc.field_sha256 = ? AND si.sha256 IS NOT NULL
      ORDER BY fc.cell`
  ).all(fieldSha256, fieldSha256) as FieldCellImage[]
}
