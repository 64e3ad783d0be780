import { Fragment } from 'react'
import { Box, Typography } from '@mui/material'
import type { SampleCount } from '../../../shared/types/scan'
import { classTone } from '../logic/review-view'
import { toneColor } from './tones'

/** Each class's count and percentage with its 95% Wilson interval, or the reason the sample has none. */
export function SampleResult({ s, unit = 'cell' }: { s: SampleCount; unit?: string }) {
  if (s.withheld)
    return (
      <Box component="span" sx={{ color: 'error.main', fontWeight: 700 }} data-testid="sample-withheld">
        {s.reason}
      </Box>
    )
  return (
    <>
      {/* each part keeps together; the spaces between parts are where the line may break */}
      {Object.entries(s.byClass).map(([c, p], i) => (
        <Fragment key={c}>
          {i > 0 && ' · '}
          <Box
            component="span"
            title={`95% Wilson interval ${p.low.toFixed(1)}–${p.high.toFixed(1)}%, of ${s.counted} ${unit}s`}
            sx={{ whiteSpace: 'nowrap' }}
          >
            <Box component="span" sx={{ color: (t) => toneColor(t, classTone(c)), fontWeight: 700 }}>
              {c} {p.count}
            </Box>{' '}
            ({p.percent.toFixed(1)}%, 95% CI {p.low.toFixed(1)}–{p.high.toFixed(1)}%)
          </Box>
        </Fragment>
      ))}
      {s.unfamiliar > 0 && (
        <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
          {' · '}
          {s.unfamiliar} unfamiliar counted apart
        </Box>
      )}
    </>
  )
}

/**
 * The differential count of each sample of a whole-field scan, as it stands now (reviews count over the
 * model's answers): cells found, each class's count and percentage with its 95% Wilson interval (unfamiliar cells
 * apart), or why the sample has no result, then flagged and reviewed. One line per sample, so it stays short above
 * the field.
 */
export function SampleCounts({ samples }: { samples: readonly SampleCount[] }) {
  if (!samples.length) return null
  return (
    <Box data-testid="sample-counts" aria-label="per-sample counts" sx={{ minWidth: 0 }}>
      {samples.map((s) => (
        <Typography key={s.sample} variant="body2" component="div" sx={{ lineHeight: 1.5 }}>
          <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
            <b>Sample {s.sample}</b>: {s.fields} field{s.fields === 1 ? '' : 's'}, {s.cells} cell
            {s.cells === 1 ? '' : 's'} found
          </Box>
          {s.cells > 0 && (
            <>
              {' · '}
              <SampleResult s={s} />
            </>
          )}
          {' · '}
          <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
            {s.flagged} flagged · {s.reviewed} reviewed
          </Box>
        </Typography>
      ))}
    </Box>
  )
}
