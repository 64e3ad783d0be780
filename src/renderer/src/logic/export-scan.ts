import type { ScanSummary } from '../../../shared/contract'
import { call } from '../api'
import type { ReportHeading } from '../components/ReportDialog'

/**
 * Writes the scan as CSV or as the printable HTML report to a file the user picks; resolves with the path
 * written, or null when the user cancelled the save dialog.
 */
export async function exportScan(
  scan: ScanSummary,
  kind: 'csv' | 'report',
  heading?: ReportHeading
): Promise<string | null> {
  const target = await call('dialog:save', {
    title: kind === 'csv' ? 'Export CSV' : 'Save report',
    defaultName: `scan-${scan.id}.${kind === 'csv' ? 'csv' : 'html'}`,
    ext: kind === 'csv' ? 'csv' : 'html'
  })
  if (!target) return null
  return kind === 'csv'
    ? await call('predictions:export', { filter: { scanId: scan.id }, ...target })
    : await call('report:write', {
        scanId: scan.id,
        ...target,
        sampleId: heading?.sampleId || undefined,
        operator: heading?.operator || undefined
      })
}
