import { Alert, Typography } from '@mui/material'
import type { ScanResultView } from '../../../shared/types/scan'
import { SampleResult } from './SampleCounts'

/** One dense warning: a withheld result and the drift note share it, so the review panel stays in a 800 px window. */
const DENSE = { py: 0, '& .MuiAlert-icon': { py: 0.5 }, '& .MuiAlert-message': { py: 0.5 } }

/** "This batch looks different from the training data: …" when the drift test fires. */
function driftText(view: ScanResultView): string | undefined {
  const m = view.drift?.message
  return m ? `${m.replace(/^this/, 'This')}.` : undefined
}

/**
 * The current scan's result in one line above the review area: its class percentages without the unfamiliar
 * images, or — when too many are unlike the model's training data — that there is no result, and why; and
 * whether the batch as a whole looks unlike what the model was validated on.
 */
export function ScanResultLine({ view, unit }: { view: ScanResultView | undefined; unit: 'cell' | 'image' }) {
  if (!view || !view.result.cells) return null
  const r = view.result
  const drift = driftText(view)
  const driftLine = drift && <div data-testid="scan-drift">{drift}</div>
  if (r.withheld)
    return (
      <Alert severity="warning" role="status" sx={DENSE}>
        <div data-testid="scan-result">
          {r.reason}: no class percentages are given for this {unit === 'cell' ? 'sample' : 'scan'}.
        </div>
        {driftLine}
      </Alert>
    )
  return (
    <>
      <Typography variant="body2" component="div" data-testid="scan-result">
        <b>Result</b> ({r.counted} {unit}s{r.unfamiliar ? `, ${r.unfamiliar} unfamiliar apart` : ''}):{' '}
        <SampleResult s={{ ...r, unfamiliar: 0 }} unit={unit} />
      </Typography>
      {driftLine && (
        <Alert severity="warning" role="status" sx={DENSE}>
          {driftLine}
        </Alert>
      )}
    </>
  )
}
