import { useEffect, useRef, useState } from 'react'
import { Box, Typography } from '@mui/material'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { PredictionView } from '../../../shared/contract'
import { api } from '../api'
import { baseName, pct } from '../logic/format'

const CELL = 150

/**
 * A virtualised grid of thumbnails: only the visible rows exist in the DOM, so a scan of thousands of images
 * scrolls smoothly. Each cell shows the predicted class and confidence; flagged cells are outlined.
 */
export function ThumbGrid({ rows, selected, onSelect }: { rows: PredictionView[]; selected: number; onSelect: (i: number) => void }) {
  const parent = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(900)
  useEffect(() => {
    const el = parent.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || 900))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  const columns = Math.max(1, Math.floor(width / CELL))
  const rowCount = Math.ceil(rows.length / columns)
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => parent.current, estimateSize: () => CELL + 8, overscan: 3 })
  useEffect(() => {
    if (selected >= 0) virtualizer.scrollToIndex(Math.floor(selected / columns), { align: 'auto' })
  }, [selected, columns, virtualizer])

  return (
    <Box ref={parent} sx={{ height: 520, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }} aria-label="scanned images" data-testid="thumb-grid">
      <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((vr) => (
          <Box key={vr.key} sx={{ position: 'absolute', top: vr.start, left: 0, right: 0, display: 'flex', gap: 1, px: 1, pt: 1 }}>
            {rows.slice(vr.index * columns, vr.index * columns + columns).map((r, j) => {
              const i = vr.index * columns + j
              const p = r.prediction
              return (
                <Box
                  key={`${r.scanId}:${r.path}`}
                  role="button"
                  tabIndex={-1}
                  aria-pressed={i === selected}
                  onClick={() => onSelect(i)}
                  data-testid="thumb"
                  sx={{
                    width: CELL - 8,
                    cursor: 'pointer',
                    borderRadius: 1,
                    outline: i === selected ? 3 : p.flagged ? 2 : 0,
                    outlineStyle: 'solid',
                    outlineColor: i === selected ? 'primary.main' : 'warning.main',
                    bgcolor: 'background.paper'
                  }}
                >
                  <Box component="img" src={api.imageUrl(r.path, 128)} alt={baseName(r.path)} loading="lazy" sx={{ width: CELL - 8, height: CELL - 40, objectFit: 'cover', display: 'block', borderRadius: 1 }} />
                  <Typography variant="caption" component="div" noWrap sx={{ px: 0.5 }}>
                    <b>{r.review?.label ?? p.predicted}</b> {pct(p.confidence, 0)}
                    {r.review ? ' ✓' : p.flagged ? ' ⚑' : ''}
                  </Typography>
                </Box>
              )
            })}
          </Box>
        ))}
      </Box>
    </Box>
  )
}
