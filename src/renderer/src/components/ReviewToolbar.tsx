import { Box, Button, Chip, Stack, Tooltip, Typography } from '@mui/material'
import type { ScanSummary } from '../../../shared/contract'
import type { ClassCount } from '../logic/review-view'
import { toneColor } from './tones'
import { useRoleRefusal } from '../hooks/useRoleRefusal'

const NO_SCAN = 'Scan a folder first'

/** What the review summary line tells of the scan under review. */
export interface ReviewSummary {
  isFieldScan: boolean
  /** The whole-field scan's field count; undefined while loading. */
  fieldCount: number | undefined
  loading: boolean
  shown: number
  total: number
  /** The scan model's backbone precision, or empty when not known. */
  precision: string
  selected: number
}

/**
 * The row above the review area: a chip per class (click filters to it), the review summary of the scan, and
 * the actions on the whole scan (next flagged, add to dataset, export, report).
 */
export function ReviewToolbar({
  scan,
  counts,
  classNow,
  onClassNow,
  summary,
  flaggedPending,
  reviewedCount,
  onNextFlagged,
  onAddToDataset,
  onExportCsv,
  onReport
}: {
  scan: ScanSummary | undefined
  counts: ClassCount[]
  classNow: string
  onClassNow: (label: string) => void
  summary: ReviewSummary
  flaggedPending: number
  reviewedCount: number
  onNextFlagged: () => void
  onAddToDataset: () => void
  onExportCsv: () => void
  onReport: () => void
}) {
  const toDatasetRefused = useRoleRefusal('review:toDataset')
  return (
    <Stack
      sx={{ alignItems: 'center', flexWrap: 'wrap', flexShrink: 0 }}
      direction="row"
      spacing={1}
      useFlexGap
      aria-label="class counts"
    >
      {counts.map((c) => (
        <Chip
          key={c.label}
          clickable
          onClick={() => onClassNow(classNow === c.label ? '' : c.label)}
          variant={classNow === c.label ? 'filled' : 'outlined'}
          label={`${c.label} ${c.final}${c.model !== c.final ? ` (model ${c.model})` : ''} · ${c.pending} pending`}
          sx={{
            fontWeight: 700,
            borderWidth: 2,
            borderColor: (t) => toneColor(t, c.tone),
            color: (t) => (classNow === c.label ? '#fff' : toneColor(t, c.tone)),
            bgcolor: (t) => (classNow === c.label ? toneColor(t, c.tone) : undefined)
          }}
        />
      ))}
      {scan && (
        <Typography variant="body2" color="text.secondary" data-testid="review-summary">
          {summary.isFieldScan && `${scan.cells} white cells in ${summary.fieldCount ?? '…'} fields · `}
          {summary.loading ? 'loading…' : `${summary.shown} shown of ${summary.total}`} · {reviewedCount}{' '}
          reviewed · {flaggedPending} flagged to review · {scan.unreadable} unreadable
          {summary.precision && ` · ${summary.precision} backbone`}
          {summary.selected > 1 ? ` · ${summary.selected} selected` : ''}
        </Typography>
      )}
      <Box sx={{ flex: 1 }} />
      <Tooltip
        title={
          scan
            ? flaggedPending
              ? 'Go to the next flagged cell nobody has reviewed (F)'
              : 'No flagged cell is waiting'
            : NO_SCAN
        }
      >
        <span>
          <Button size="small" variant="outlined" disabled={!scan || !flaggedPending} onClick={onNextFlagged}>
            Next flagged (F)
          </Button>
        </span>
      </Tooltip>
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
    </Stack>
  )
}
