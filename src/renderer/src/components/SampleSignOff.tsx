import { useState } from 'react'
import type { DifferentialView } from '../../../shared/types/differential'
import { DifferentialBar } from './DifferentialBar'
import { SignOffDialog } from './SignOffDialog'
import { SampleLis } from './SampleLis'

/**
 * The review screen's counted differential and its sign-off, below the cells like an analyser's counter: the
 * counter of the chosen sample (the first until one is chosen), on request the dialog that signs it, and at the
 * end of the counter's line the signed result's way to the LIS (or why nothing leaves yet).
 */
export function SampleSignOff({
  scan,
  first,
  onAssign,
  setStatus
}: {
  /** The scan under review: its samples' differentials, and what reloads them after a signature. */
  scan: { samples?: readonly DifferentialView[]; signed: () => void }
  /** The sample to show first (opened from Home's list); else the scan's first sample. */
  first?: string
  /** Gives the current cell (or the selected ones) a class, as its number key does. */
  onAssign: (label: string) => void
  setStatus: (s: string) => void
}) {
  const [sample, setSample] = useState(first ?? '')
  const [signing, setSigning] = useState(false)
  const samples = scan.samples ?? []
  const view = samples.find((s) => s.sample === sample) ?? samples[0]
  if (!view) return null
  return (
    <>
      <DifferentialBar
        samples={samples}
        sample={view.sample}
        onSample={setSample}
        onAssign={onAssign}
        onSign={() => setSigning(true)}
      >
        <SampleLis key={`${view.scanId}:${view.sample}`} view={view} />
      </DifferentialBar>
      {signing && (
        <SignOffDialog
          view={view}
          onClose={() => setSigning(false)}
          onSigned={(r) => {
            setSigning(false)
            scan.signed()
            setStatus(
              `Signed sample ${r.sample}: result ${r.id}${r.status === 'corrected' ? `, a correction of result ${r.replaces}` : ''}.`
            )
          }}
        />
      )}
    </>
  )
}
