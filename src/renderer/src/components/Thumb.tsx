import type { MouseEvent } from 'react'
import { Box, Typography } from '@mui/material'
import type { PredictionView } from '../../../shared/contract'
import { api } from '../api'
import { displayName } from '../logic/field-view'
import { caption, classTone, finalLabel, reviewStatus, shortCaption } from '../logic/review-view'
import { STATUS_MARK, toneColor } from './tones'

export const THUMB = 142

/**
 * One scanned cell: a band and border in its final class's colour, the class name, a mark for its review
 * status (pending ○, confirmed ✓, relabelled ↻) and the caption ("model HEM 72% → ALL"). Flagged cells that
 * still need a person carry a dashed amber outline, which goes away once reviewed.
 */
export function Thumb({
  row,
  current,
  selected,
  onClick
}: {
  row: PredictionView
  current: boolean
  selected: boolean
  onClick: (e: MouseEvent) => void
}) {
  const name = displayName(row)
  const label = finalLabel(row)
  const status = reviewStatus(row)
  const mark = STATUS_MARK[status]
  const pendingFlag = row.prediction.flagged && status === 'pending'
  return (
    <Box
      role="button"
      tabIndex={-1}
      aria-pressed={selected}
      aria-current={current || undefined}
      aria-label={`${name}: ${caption(row)} (${mark.label})`}
      title={row.path}
      onClick={onClick}
      data-testid="thumb"
      data-status={status}
      data-class={label}
      sx={{
        width: THUMB,
        flexShrink: 0,
        cursor: 'pointer',
        borderRadius: 1,
        border: 3,
        borderColor: (t) => toneColor(t, classTone(label)),
        outline: current ? 3 : pendingFlag ? 2 : 0,
        outlineOffset: 1,
        outlineStyle: current ? 'solid' : 'dashed',
        outlineColor: current ? 'primary.main' : 'warning.main',
        bgcolor: selected ? 'action.selected' : 'background.paper',
        position: 'relative',
        userSelect: 'none'
      }}
    >
      <Box
        component="img"
        src={api.imageUrl(row.path, 128)}
        alt={name}
        loading="lazy"
        draggable={false}
        sx={{
          width: '100%',
          height: THUMB - 50,
          objectFit: 'cover',
          display: 'block',
          opacity: status === 'pending' ? 1 : 0.85
        }}
      />
      <Box
        sx={{
          position: 'absolute',
          top: 2,
          left: 2,
          px: 0.5,
          borderRadius: 0.5,
          bgcolor: (t) => toneColor(t, classTone(label)),
          color: '#fff',
          fontSize: 12,
          fontWeight: 700,
          lineHeight: '18px'
        }}
      >
        {label}
      </Box>
      <Box
        sx={{
          position: 'absolute',
          top: 2,
          right: 2,
          width: 20,
          height: 20,
          borderRadius: '50%',
          bgcolor: 'background.paper',
          color: mark.color,
          fontSize: 14,
          fontWeight: 700,
          display: 'grid',
          placeItems: 'center'
        }}
        aria-hidden
      >
        {mark.symbol}
      </Box>
      {selected && (
        <Box
          sx={{
            position: 'absolute',
            inset: 0,
            border: 2,
            borderColor: 'primary.main',
            borderRadius: 0.5,
            pointerEvents: 'none',
            bgcolor: 'rgba(100,150,255,0.12)'
          }}
        />
      )}
      <Typography
        variant="caption"
        component="div"
        noWrap
        sx={{ px: 0.5, lineHeight: 1.5, fontWeight: status === 'relabelled' ? 700 : 400 }}
      >
        {shortCaption(row)}
      </Typography>
      <Typography
        variant="caption"
        component="div"
        noWrap
        color="text.secondary"
        sx={{ px: 0.5, lineHeight: 1.3, fontSize: 11 }}
      >
        {name}
      </Typography>
    </Box>
  )
}
