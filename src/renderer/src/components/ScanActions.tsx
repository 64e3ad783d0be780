import { Button, Tooltip } from '@mui/material'
import type { ScanSummary } from '../../../shared/contract'
import { useRoleRefusal } from '../hooks/useRoleRefusal'

export const NO_SCAN = 'Scan a folder first'

/** The actions on the whole scan shown: its reviewed cells into a dataset, its CSV, its printable report. */
export function ScanActions({
  scan,
  reviewedCount,
  onAddToDataset,
  onExportCsv,
  onReport
}: {
  scan: ScanSummary | undefined
  reviewedCount: number
  onAddToDataset: () => void
  onExportCsv: () => void
  onReport: () => void
}) {
  const toDatasetRefused = useRoleRefusal('review:toDataset')
  return (
    <>
      <Tooltip
        title={
          toDatasetRefused ??
          (!scan
            ? NO_SCAN
            : reviewedCount
              ? 'Put the reviewed cells into a dataset for the next training'
              : 'Review some cells first')
        }
      >
        <span>
          <Button
            size="small"
            disabled={Boolean(toDatasetRefused) || !scan || !reviewedCount}
            onClick={onAddToDataset}
          >
            Add reviewed to dataset…
          </Button>
        </span>
      </Tooltip>
      <Tooltip title={scan ? 'All files of this scan as CSV' : NO_SCAN}>
        <span>
          <Button size="small" disabled={!scan} onClick={onExportCsv}>
            Export CSV
          </Button>
        </span>
      </Tooltip>
      <Tooltip title={scan ? 'A printable HTML report of this scan' : NO_SCAN}>
        <span>
          <Button size="small" disabled={!scan} onClick={onReport}>
            Report
          </Button>
        </span>
      </Tooltip>
    </>
  )
}
