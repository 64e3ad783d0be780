import type { Queries } from '../store'

/** The newest path a scan saw for each reviewed content, so the audit log can name files, not hashes. */
export async function reviewedPaths(q: Queries): Promise<Map<string, string>> {
  const rows = await q
    .selectFrom('scan_items as i')
    .select(['i.sha256', 'i.path'])
    .where('i.id', 'in', (eb) =>
      eb
        .selectFrom('scan_items')
        .select((e) => e.fn.max('id').as('id'))
        .where('sha256', 'in', (e) => e.selectFrom('review_log').select('sha256').distinct())
        .groupBy('sha256')
    )
    .execute()
  return new Map(rows.map((r) => [r.sha256!, r.path]))
}
