import { Box, TableCell, TableRow, Tooltip, Typography } from '@mui/material'
import type { PredictionView } from '../../../shared/contract'
import { api } from '../api'
import { displayName } from '../logic/field-view'
import { pct, when } from '../logic/format'
import { caption, classTone, finalLabel, reviewStatus } from '../logic/review-view'
import { STATUS_MARK, toneColor } from './tones'

/** One prediction in the history table: thumbnail, file, class now, the model's answer, review, model, date. */
export function HistoryRow({
  row: r,
  modelName,
  onOpen
}: {
  row: PredictionView
  modelName: string
  /** Opens the file in the review panel. */
  onOpen: () => void
}) {
  const label = finalLabel(r)
  const st = STATUS_MARK[reviewStatus(r)]
  return (
    <TableRow hover onClick={onOpen} sx={{ cursor: 'pointer' }} title="Open in the review panel">
      <TableCell sx={{ width: 56, py: 0.5 }}>
        <Box
          component="img"
          src={api.imageUrl(r.path, 128)}
          alt=""
          loading="lazy"
          sx={{
            width: 44,
            height: 44,
            objectFit: 'cover',
            borderRadius: 0.5,
            display: 'block',
            border: 2,
            borderColor: (t) => toneColor(t, classTone(label))
          }}
        />
      </TableCell>
      {/* narrow enough that the date column stays in a 1280×800 window */}
      <TableCell sx={{ maxWidth: 260 }}>
        <Tooltip title={r.field?.path ?? r.path}>
          <Box>
            <Typography variant="body2" noWrap sx={{ fontWeight: 500 }}>
              {/* a cell of a whole field goes by its number and field, not by its crop file */}
              {displayName(r)}
            </Typography>
            <Typography
              variant="caption"
              color="text.secondary"
              noWrap
              component="div"
              sx={{ direction: 'rtl', textAlign: 'left' }}
            >
              {/* right-to-left so a long path is cut at its start; the mark keeps the path itself left-to-right */}
              {`\u200e${r.field?.path ?? r.path}`}
            </Typography>
          </Box>
        </Tooltip>
      </TableCell>
      <TableCell sx={{ color: (t) => toneColor(t, classTone(label)), fontWeight: 700 }}>{label}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {r.prediction.predicted} {pct(r.prediction.confidence)}
        {r.prediction.flagged ? ' · flagged' : ''}
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }} title={caption(r)}>
        <Typography component="span" variant="body2" sx={{ color: st.color }}>
          {st.symbol} {st.label}
        </Typography>
        {r.review ? ` by ${r.review.reviewer}` : ''}
      </TableCell>
      <TableCell>{modelName}</TableCell>
      <TableCell sx={{ minWidth: 96 }}>{when(r.prediction.scannedAt)}</TableCell>
    </TableRow>
  )
}
