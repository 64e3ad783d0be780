import { useEffect, useRef, useState, type MouseEvent } from 'react'
import { Box } from '@mui/material'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { PredictionView } from '../../../shared/contract'
import { Thumb, THUMB } from './Thumb'

const GAP = 8

/**
 * A virtualised grid of thumbnails filling the height it is given: only the visible rows exist in the DOM, so
 * a scan of ten thousand images scrolls smoothly.
 */
export function ThumbGrid({
  rows,
  current,
  selection,
  onClick
}: {
  rows: PredictionView[]
  current: number
  selection: ReadonlySet<number>
  onClick: (i: number, e: MouseEvent) => void
}) {
  const parent = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(900)
  useEffect(() => {
    const el = parent.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || 900))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  const columns = Math.max(1, Math.floor((width - GAP) / (THUMB + GAP)))
  const rowCount = Math.ceil(rows.length / columns)
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => parent.current,
    estimateSize: () => THUMB + GAP + 6,
    overscan: 3
  })
  useEffect(() => {
    if (current >= 0) virtualizer.scrollToIndex(Math.floor(current / columns), { align: 'auto' })
  }, [current, columns, virtualizer])

  return (
    <Box
      ref={parent}
      sx={{ height: '100%', overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
      aria-label="scanned images"
      data-testid="thumb-grid"
    >
      <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((vr) => (
          <Box
            key={vr.key}
            sx={{
              position: 'absolute',
              top: vr.start,
              left: 0,
              right: 0,
              display: 'flex',
              gap: `${GAP}px`,
              px: 1,
              pt: 1
            }}
          >
            {rows.slice(vr.index * columns, vr.index * columns + columns).map((r, j) => {
              const i = vr.index * columns + j
              return (
                <Thumb
                  key={`${r.scanId}:${r.path}`}
                  row={r}
                  current={i === current}
                  selected={selection.has(i)}
                  onClick={(e) => onClick(i, e)}
                />
              )
            })}
          </Box>
        ))}
      </Box>
    </Box>
  )
}
