import { useEffect, useRef, useState } from 'react'
import { Box, Button, Stack, Typography } from '@mui/material'
import type { PredictionView } from '../../../shared/contract'
import type { FieldCellBox, FieldView as Field } from '../../../shared/types/scan'
import { api } from '../api'
import { baseName, pct } from '../logic/format'
import { fieldOfCell, fitScale, labelAbove } from '../logic/field-view'
import { classTone, finalLabel, reviewStatus } from '../logic/review-view'
import { STATUS_MARK, toneColor } from './tones'

const TAG = 20
/**
 * Below this height a field is shown this tall and its area scrolls down: a 1280×800 window leaves ~250 px, at
 * which a 640×480 field's cells would be a few dozen pixels across.
 */
const MIN_FIELD_HEIGHT = 360

/**
 * One whole field as the microscope exported it, with a box on every white cell found: the border and tag in
 * the cell's class colour (its review's label, else the model's), the review mark, a dashed amber outline while
 * a flagged cell waits for a person and "?" when the cell looks unlike the training data. Clicking a box opens
 * that cell in the review panel (the same review path as any cell). The field follows the cell under review, so
 * N / P in the panel walk through the fields too.
 */
export function FieldView({
  fields,
  rows,
  currentPath,
  onPick
}: {
  fields: readonly Field[]
  /** The scan's rows by path (crop path for field cells). */
  rows: ReadonlyMap<string, PredictionView>
  currentPath: string | null
  onPick: (cropPath: string) => void
}) {
  // The field shown: the one chosen with the buttons, until the cell under review moves to another field.
  const follow = fieldOfCell(fields, currentPath)
  const [at0, setAt] = useState({ index: Math.max(0, follow), follow })
  if (follow !== at0.follow) setAt({ index: follow >= 0 ? follow : at0.index, follow })
  const setIndex = (index: number) => setAt({ index, follow })
  const area = useRef<HTMLDivElement>(null)
  const [size, setSize] = useState({ w: 0, h: 0 })
  useEffect(() => {
    const el = area.current
    if (!el) return
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  const field = fields[Math.min(at0.index, fields.length - 1)]
  if (!field)
    return (
      <Typography color="text.secondary" sx={{ p: 2 }}>
        No white cell was found in any field of this scan.
      </Typography>
    )
  const at = fields.indexOf(field)
  // Boxes are in the field's own pixels; the picture is shown scaled to fit, and every box with it.
  const scale = fitScale(field.width, field.height, size.w, size.h, MIN_FIELD_HEIGHT)
  const flaggedLeft = field.cells.filter((c) => {
    const r = rows.get(c.cropPath)
    return r?.prediction.flagged && !r.review
  }).length
  return (
    <Box
      sx={{ height: '100%', display: 'flex', flexDirection: 'column', gap: 0.5, minWidth: 0 }}
      data-testid="field-view"
      aria-label="field view"
    >
      {/* one row at any width: the name gives way (ellipsis), the buttons and counts do not */}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', minWidth: 0 }}>
        <Button
          size="small"
          variant="outlined"
          disabled={at === 0}
          onClick={() => setIndex(at - 1)}
          aria-label="Previous field"
          sx={{ flexShrink: 0, minWidth: 0 }}
        >
          ◀
        </Button>
        <Typography
          variant="body2"
          sx={{ fontWeight: 700, minWidth: 0 }}
          data-testid="field-name"
          title={field.path}
          noWrap
        >
          Field {at + 1} of {fields.length}: {baseName(field.path)}
        </Typography>
        <Button
          size="small"
          variant="outlined"
          disabled={at >= fields.length - 1}
          onClick={() => setIndex(at + 1)}
          aria-label="Next field"
          sx={{ flexShrink: 0, minWidth: 0 }}
        >
          ▶
        </Button>
        <Typography variant="body2" color="text.secondary" noWrap sx={{ flexShrink: 0 }}>
          {field.cells.length
            ? `${field.cells.length} cell${field.cells.length === 1 ? '' : 's'}`
            : 'no white cell found: look for one the finder missed'}
          {flaggedLeft ? ` · ${flaggedLeft} flagged to review` : ''}
        </Typography>
      </Stack>
      {/* scrolls down when the field is kept taller than the area; never sideways */}
      <Box
        ref={area}
        sx={{ flex: 1, minHeight: 0, position: 'relative', overflowX: 'hidden', overflowY: 'auto' }}
      >
        {field.missing ? (
          <Typography color="error" sx={{ p: 2 }}>
            This field cannot be shown now ({field.missing}); its cells are still in the grid.
          </Typography>
        ) : (
          scale > 0 && (
            <Box
              sx={{ position: 'absolute' }}
              style={{
                left: Math.max(0, (size.w - field.width * scale) / 2),
                top: 0,
                width: field.width * scale,
                height: field.height * scale
              }}
            >
              <Box
                component="img"
                src={api.imageUrl(field.path, field.width > 2048 || field.height > 2048 ? 2048 : undefined)}
                alt={`field ${baseName(field.path)}`}
                draggable={false}
                sx={{ width: '100%', height: '100%', display: 'block', userSelect: 'none' }}
              />
              {byAreaDescending(field.cells).map((c) => (
                <CellBox
                  key={c.cell}
                  cell={c}
                  scale={scale}
                  row={rows.get(c.cropPath)}
                  current={c.cropPath === currentPath}
                  onPick={() => onPick(c.cropPath)}
                />
              ))}
            </Box>
          )
        )}
      </Box>
    </Box>
  )
}

/**
 * Boxes can overlap (touching cells, a loose box around a neighbour): the larger ones are laid down first, so a
 * smaller box is never hidden under a larger one and stays clickable.
 */
function byAreaDescending(cells: readonly FieldCellBox[]): FieldCellBox[] {
  return [...cells].sort((a, b) => b.width * b.height - a.width * a.height || a.cell - b.cell)
}

function CellBox({
  cell,
  scale,
  row,
  current,
  onPick
}: {
  cell: FieldCellBox
  scale: number
  row: PredictionView | undefined
  current: boolean
  onPick: () => void
}) {
  const top = cell.y * scale
  const label = row ? finalLabel(row) : 'not classified'
  const status = row ? reviewStatus(row) : 'pending'
  const mark = STATUS_MARK[status]
  const p = row?.prediction
  const pendingFlag = Boolean(p?.flagged) && status === 'pending'
  const above = labelAbove(top, TAG + 4) // the tag and its margin must fit above, else it goes inside
  const words = p
    ? `${label}${status === 'relabelled' ? ` (model ${p.predicted})` : ` ${pct(p.confidence, 0)}`}${p.ood ? ' · unfamiliar' : ''}${pendingFlag ? ' · flagged' : ''}`
    : label
  return (
    <Box
      role="button"
      tabIndex={-1}
      onClick={onPick}
      aria-pressed={current}
      aria-label={`cell ${cell.cell}: ${words} (${mark.label})`}
      title={`cell ${cell.cell}: ${words} (${mark.label})`}
      data-testid="field-box"
      data-class={label}
      data-status={status}
      data-flagged={pendingFlag || undefined}
      // Per-box geometry inline (field pixels × the fit scale), not one generated CSS class per box.
      style={{ left: cell.x * scale, top, width: cell.width * scale, height: cell.height * scale }}
      sx={{
        position: 'absolute',
        cursor: p ? 'pointer' : 'default',
        border: 3,
        borderColor: (t) => toneColor(t, classTone(label)),
        // A thin white line inside the coloured border keeps the box readable on dark-stained cells.
        boxShadow: 'inset 0 0 0 1px rgba(255,255,255,0.9)',
        outline: current ? 3 : pendingFlag ? 2 : 0,
        outlineOffset: 2,
        outlineStyle: current ? 'solid' : 'dashed',
        outlineColor: (t) => (current ? t.palette.primary.main : t.palette.warning.main),
        borderRadius: 0.5,
        '&:hover': { bgcolor: 'rgba(255,255,255,0.12)' }
      }}
    >
      <Box
        aria-hidden
        sx={{
          position: 'absolute',
          left: -3,
          ...(above ? { bottom: '100%', mb: '3px' } : { top: 0 }),
          px: 0.5,
          height: TAG,
          lineHeight: `${TAG}px`,
          whiteSpace: 'nowrap',
          borderRadius: 0.5,
          bgcolor: (t) => toneColor(t, classTone(label)),
          color: '#fff',
          fontSize: 12,
          fontWeight: 700,
          pointerEvents: 'none'
        }}
      >
        {/* short, so neighbouring tags overlap less: confidence and flags are in the outline and the title */}
        {cell.cell} {label}
        {status === 'pending' ? '' : ` ${mark.symbol}`}
        {p?.ood ? ' ?' : ''}
      </Box>
    </Box>
  )
}
