import { useEffect, useLayoutEffect, useRef, type PointerEvent } from 'react'
import { Box, IconButton, Stack, Tooltip, Typography } from '@mui/material'
import ZoomInIcon from '@mui/icons-material/ZoomIn'
import ZoomOutIcon from '@mui/icons-material/ZoomOut'
import FitScreenIcon from '@mui/icons-material/FitScreen'
import { panView, zoomView, type View } from '../logic/review-keys'

export const FIT: View = { zoom: 1, x: 0, y: 0 }

/**
 * The selected cell, zoomable (wheel, + / − / 0, the buttons) and pannable when zoomed (drag, Shift+arrows).
 * The view is owned by the review screen so the keyboard reaches it.
 */
export function CellView({
  src,
  alt,
  size,
  view,
  onView
}: {
  src: string
  alt: string
  size: number
  view: View
  onView: (v: View) => void
}) {
  const drag = useRef<{ x: number; y: number; view: View } | null>(null)
  const box = useRef<HTMLDivElement>(null)
  const latest = useRef({ view, onView })
  useLayoutEffect(() => {
    latest.current = { view, onView }
  })
  // A native, non-passive listener: React's wheel listener is passive, so it could not keep the page from
  // scrolling while the wheel zooms the cell.
  useEffect(() => {
    const el = box.current
    if (!el) return
    const onWheel = (e: globalThis.WheelEvent) => {
      e.preventDefault()
      latest.current.onView(zoomView(latest.current.view, e.deltaY < 0 ? 1.25 : 0.8))
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [])
  const onDown = (e: PointerEvent) => {
    if (view.zoom <= 1) return
    drag.current = { x: e.clientX, y: e.clientY, view }
    ;(e.target as Element).setPointerCapture?.(e.pointerId)
  }
  const onMove = (e: PointerEvent) => {
    const d = drag.current
    if (!d) return
    onView(panView(d.view, (e.clientX - d.x) / size / view.zoom, (e.clientY - d.y) / size / view.zoom))
  }
  return (
    <Box>
      <Box
        ref={box}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={() => (drag.current = null)}
        data-testid="cell-view"
        data-zoom={view.zoom.toFixed(2)}
        sx={{
          width: size,
          height: size,
          overflow: 'hidden',
          bgcolor: 'black',
          borderRadius: 1,
          cursor: view.zoom > 1 ? 'grab' : 'zoom-in',
          touchAction: 'none'
        }}
      >
        <Box
          component="img"
          src={src}
          alt={alt}
          draggable={false}
          sx={{
            width: size,
            height: size,
            objectFit: 'contain',
            display: 'block',
            transform: `scale(${view.zoom}) translate(${view.x * 100}%, ${view.y * 100}%)`,
            transformOrigin: 'center',
            transition: 'transform 60ms linear'
          }}
        />
      </Box>
      <Stack direction="row" sx={{ alignItems: 'center' }}>
        <Tooltip title="Zoom in (+ or wheel)">
          <IconButton size="small" aria-label="zoom in" onClick={() => onView(zoomView(view, 1.25))}>
            <ZoomInIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title="Zoom out (−)">
          <span>
            <IconButton
              size="small"
              aria-label="zoom out"
              disabled={view.zoom <= 1}
              onClick={() => onView(zoomView(view, 0.8))}
            >
              <ZoomOutIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
        <Tooltip title="Fit (0)">
          <span>
            <IconButton size="small" aria-label="fit" disabled={view.zoom <= 1} onClick={() => onView(FIT)}>
              <FitScreenIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
        <Typography variant="caption" color="text.secondary">
          {Math.round(view.zoom * 100)}%{view.zoom > 1 ? ' · drag or Shift+arrows to pan' : ''}
        </Typography>
      </Stack>
    </Box>
  )
}
