import type { KeyboardEvent, ReactNode } from 'react'
import { Box } from '@mui/material'

/** Fills its positioned parent exactly, so a virtualised list inside has a definite height to scroll in. */
const FILL = { position: 'absolute', inset: 0 } as const

/**
 * The focusable review area: the cells beside the action panel, never less than `minHeight` tall (the page scrolls
 * instead). The review keys act here.
 */
export function ReviewArea(p: {
  minHeight: number
  onKey: (e: KeyboardEvent) => void
  cells: ReactNode
  panel: ReactNode
}) {
  return (
    <Box
      sx={{ display: 'flex', gap: 1.5, flex: `1 0 ${p.minHeight}px`, outline: 'none' }}
      tabIndex={0}
      onKeyDown={p.onKey}
      aria-label="review area (keys: Enter confirm, 1-9 class (the last: unidentified), U undo, F next flagged, N/P next/previous, + - 0 zoom, G Grad-CAM, Ctrl+A select all)"
      data-testid="review-area"
    >
      <Box sx={{ flex: 1, minWidth: 0, position: 'relative' }}>
        <Box sx={FILL}>{p.cells}</Box>
      </Box>
      {p.panel && (
        <Box sx={{ width: 340, flexShrink: 0, position: 'relative' }}>
          <Box sx={FILL}>{p.panel}</Box>
        </Box>
      )}
    </Box>
  )
}
