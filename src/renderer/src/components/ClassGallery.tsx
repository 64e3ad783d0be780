import type { MouseEvent } from 'react'
import { Box, Button, Typography } from '@mui/material'
import type { PredictionView } from '../../../shared/contract'
import { classCounts, classTone, finalLabel } from '../logic/review-view'
import { Thumb } from './Thumb'
import { toneColor } from './tones'

const PER_CLASS = 60

/**
 * The cells grouped by their final class, as hematology analysers show them: ALL first. Each group shows its
 * first cells (in the current sort); "all N in the grid" filters the grid to that class.
 */
export function ClassGallery({
  rows,
  current,
  selection,
  onClick,
  onShowClass
}: {
  rows: PredictionView[]
  current: number
  selection: ReadonlySet<number>
  onClick: (i: number, e: MouseEvent) => void
  onShowClass: (label: string) => void
}) {
  const groups = classCounts(rows).map((c) => ({ ...c, items: [] as number[] }))
  rows.forEach((r, i) => {
    const g = groups.find((x) => x.label === finalLabel(r))!
    if (g.items.length < PER_CLASS) g.items.push(i)
  })
  return (
    <Box
      sx={{ height: '100%', overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1, p: 1 }}
      aria-label="cells by class"
      data-testid="class-gallery"
    >
      {groups.map((g) => (
        <Box key={g.label} component="section" aria-label={`class ${g.label}`} sx={{ mb: 2 }}>
          <Box
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1,
              mb: 1,
              borderLeft: 6,
              pl: 1,
              borderColor: (t) => toneColor(t, classTone(g.label))
            }}
          >
            <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
              {g.label} · {g.final}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {g.pending} pending · model said {g.model}
            </Typography>
            {g.final > g.items.length && (
              <Button size="small" onClick={() => onShowClass(g.label)}>
                all {g.final} in the grid
              </Button>
            )}
          </Box>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
            {g.items.map((i) => (
              <Thumb
                key={`${rows[i].scanId}:${rows[i].path}`}
                row={rows[i]}
                current={i === current}
                selected={selection.has(i)}
                onClick={(e) => onClick(i, e)}
              />
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  )
}
