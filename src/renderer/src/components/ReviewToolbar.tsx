import type { ReactNode } from 'react'
import { Box, Button, Chip, Stack, Tooltip, Typography } from '@mui/material'
import type { ScanSummary } from '../../../shared/contract'
import type { ClassCount } from '../logic/review-view'
import { NO_SCAN } from './ScanActions'
import { toneColor } from './tones'

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
 * the layout switch and the way to the next flagged cell. (The actions on the whole scan sit with the scan form.)
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
  layoutSwitch
}: {
  scan: ScanSummary | undefined
  counts: ClassCount[]
  classNow: string
  onClassNow: (label: string) => void
  summary: ReviewSummary
  flaggedPending: number
  reviewedCount: number
  onNextFlagged: () => void
  /** Grid, by class or fields. */
  layoutSwitch: ReactNode
}) {
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
        <Typography
          variant="body2"
          color="text.secondary"
          data-testid="review-summary"
          sx={{ flex: '1 1 360px', minWidth: 0 }}
        >
          {summary.isFieldScan && `${scan.cells} white cells in ${summary.fieldCount ?? '…'} fields · `}
          {summary.loading ? 'loading…' : `${summary.shown} shown of ${summary.total}`} · {reviewedCount}{' '}
          reviewed · {flaggedPending} flagged to review · {scan.unreadable} unreadable
          {summary.precision && ` · ${summary.precision} backbone`}
          {summary.selected > 1 ? ` · ${summary.selected} selected` : ''}
        </Typography>
      )}
      {/* the summary takes what the line leaves, wrapping in its place; without one, this pushes the rest right */}
      {!scan && <Box sx={{ flex: 1 }} />}
      {layoutSwitch}
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
    </Stack>
  )
}
