import { Alert, Typography } from '@mui/material'
import type { ScanResultView } from '../../../shared/types/scan'
import { SampleResult } from './SampleCounts'

/** "This batch looks different from the training data: …" when the drift test fires. */
function DriftNote({ view }: { view: ScanResultView }) {
  const m = view.drift?.message
  if (!m) return null
  return (
    <Alert severity="warning" role="status" sx={{ py: 0 }} data-testid="scan-drift">
      {m.replace(/^this/, 'This')}.
    </Alert>
  )
}

/**
 * The current scan's result in one line above the review area: its class percentages without the unfamiliar
 * images, or — when too many are unlike the model's training data — that there is no result, and why; and
 * whether the batch as a whole looks unlike what the model was validated on.
 */
export function ScanResultLine({ view, unit }: { view: ScanResultView | undefined; unit: 'cell' | 'image' }) {
  if (!view || !view.result.cells) return null
  const r = view.result
  if (r.withheld)
    return (
      <>
        <Alert severity="warning" role="status" sx={{ py: 0 }} data-testid="scan-result">
          {r.reason}: no class percentages are given for this {unit === 'cell' ? 'sample' : 'scan'}.
        </Alert>
        <DriftNote view={view} />
      </>
    )
  return (
    <>
      <Typography variant="body2" component="div" data-testid="scan-result">
        <b>Result</b> ({r.counted} {unit}s{r.unfamiliar ? `, ${r.unfamiliar} unfamiliar apart` : ''}):{' '}
        <SampleResult s={{ ...r, unfamiliar: 0 }} unit={unit} />
      </Typography>
      <DriftNote view={view} />
    </>
  )
}
