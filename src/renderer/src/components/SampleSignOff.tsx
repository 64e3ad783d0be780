import { useState } from 'react'
import type { DifferentialView } from '../../../shared/types/differential'
import { DifferentialBar } from './DifferentialBar'
import { SignOffDialog } from './SignOffDialog'

/**
 * The review screen's counted differential and its sign-off: the counter of the chosen sample (the first until
 * one is chosen) and, on request, the dialog that signs it.
 */
export function SampleSignOff({
  samples,
  onSigned,
  setStatus
}: {
  samples: readonly DifferentialView[]
  onSigned: () => void
  setStatus: (s: string) => void
}) {
  const [sample, setSample] = useState('')
  const [signing, setSigning] = useState(false)
  const view = samples.find((s) => s.sample === sample) ?? samples[0]
  if (!view) return null
  return (
    <>
      <DifferentialBar
        samples={samples}
        sample={view.sample}
        onSample={setSample}
        onSign={() => setSigning(true)}
      />
      {signing && (
        <SignOffDialog
          view={view}
          onClose={() => setSigning(false)}
          onSigned={(r) => {
            setSigning(false)
            onSigned()
            setStatus(
              `Signed sample ${r.sample}: result ${r.id}${r.status === 'corrected' ? `, a correction of result ${r.replaces}` : ''}.`
            )
          }}
        />
      )}
    </>
  )
}
