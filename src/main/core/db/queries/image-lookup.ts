import type { Queries } from '../store'

/** How a user names an image on the command line: a prefix of its hash, or a whole field and one of its cells. */

/**
 * Up to `limit` distinct scanned contents whose SHA-256 starts with `prefix` (lower-case hex). A range on the
 * index, not LIKE: SQLite's LIKE ignores case and so cannot use it.
 */
export async function shasWithPrefix(q: Queries, prefix: string, limit = 5): Promise<string[]> {
  const rows = await q
    .selectFrom('scan_items')
    .select('sha256')
    .distinct()
    .where('sha256', '>=', prefix)
    .where('sha256', '<', `${prefix}g`)
    .orderBy('sha256')
    .limit(limit)
    .execute()
  return rows.map((r) => r.sha256!)
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
export async function cellsOfField(q: Queries, fieldSha256: string): Promise<FieldCellImage[]> {
  const rows = await q
    .selectFrom('field_cells as fc')
    .innerJoin('scan_items as si', (j) =>
      j.onRef('si.scan_id', '=', 'fc.scan_id').onRef('si.path', '=', 'fc.crop_path')
    )
    .leftJoin('predictions as p', 'p.id', 'si.prediction_id')
    .select([
      'fc.scan_id as scanId',
      'fc.cell as cell',
      'si.sha256 as sha256',
      'p.predicted as predicted',
      'p.confidence as confidence'
    ])
    .where('fc.scan_id', '=', (eb) =>
      eb
        .selectFrom('field_cells')
        .select((e) => e.fn.max('scan_id').as('m'))
        .where('field_sha256', '=', fieldSha256)
    )
    .where('fc.field_sha256', '=', fieldSha256)
    .where('si.sha256', 'is not', null)
    .orderBy('fc.cell')
    .execute()
  return rows as FieldCellImage[]
}
