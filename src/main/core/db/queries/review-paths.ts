import type { Database } from 'better-sqlite3'

/** The newest path a scan saw for each reviewed content, so the audit log can name files, not hashes. */
export function reviewedPaths(db: Database): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT i.sha256, i.path FROM scan_items i
       WHERE i.id IN (SELECT max(id) FROM scan_items WHERE sha256 IN (SELECT DISTINCT sha256 FROM review_log) GROUP BY sha256)`
    )
    .all() as { sha256: string; path: string }[]
  return new Map(rows.map((r) => [r.sha256, r.path]))
}
