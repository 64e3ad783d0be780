import { useState } from 'react'
import { Button, Stack, Typography } from '@mui/material'
import type { DifferentialView } from '../../../shared/types/differential'
import { deliveryText } from '../../../shared/format/lis'
import { call, errorText } from '../api'

/** Why a sample's result cannot leave for the LIS yet, or null when its newest signed result can. */
export function lisRefusal(view: Pick<DifferentialView, 'signed' | 'sample'>): string | null {
  return view.signed
    ? null
    : `Sample ${view.sample} is not signed: only a signed result leaves for the LIS. Sign it first.`
}

/** Writes the sample's signed result as HL7 or FHIR where the user chooses; the path written, null if cancelled. */
async function exportResult(view: DifferentialView, format: 'hl7' | 'fhir'): Promise<string | null> {
  const ext = format === 'hl7' ? 'hl7' : 'json'
  const target = await call('dialog:save', {
    title: format === 'hl7' ? 'Export HL7 v2.5.1 ORU^R01' : 'Export FHIR R4 bundle',
    defaultName: `scan-${view.scanId}-${view.sample}.${ext}`,
    ext
  })
  if (!target) return null
  return (await call('lis:export', { scanId: view.scanId, sample: view.sample, format, ...target })).file
}

/**
 * A signed sample's way to the laboratory information system: its newest signed result exported as an HL7 message
 * or a FHIR bundle, or sent over MLLP to the LIS set with `leukolens lis`. The outcome — the ACK, the refusal, or
 * the tries that failed — in one sentence after the buttons. It sits at the end of the sample's counter bar; an
 * unsigned sample shows there only why nothing leaves yet (its Sign… button is beside it).
 */
export function SampleLis({ view }: { view: DifferentialView }) {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ text: string; error: boolean } | null>(null)
  const refusal = lisRefusal(view)
  const run = async (what: () => Promise<string | null>) => {
    setBusy(true)
    setOutcome(null)
    try {
      const text = await what()
      if (text) setOutcome({ text, error: false })
    } catch (err) {
      setOutcome({ text: errorText(err), error: true })
    } finally {
      setBusy(false)
    }
  }
  const exporter = (format: 'hl7' | 'fhir') => () =>
    void run(async () => {
      const file = await exportResult(view, format)
      return file && `${format === 'hl7' ? 'HL7 message' : 'FHIR bundle'} written to ${file}`
    })
  const send = () =>
    void run(async () => {
      const d = await call('lis:send', { scanId: view.scanId, sample: view.sample })
      return `${deliveryText(d)}.`
    })
  const signed = view.signed
  if (refusal || !signed)
    return (
      <Typography variant="caption" color="text.secondary" data-testid="lis-refusal">
        {refusal}
      </Typography>
    )
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}
      aria-label="results to the LIS"
      data-testid="sample-lis"
    >
      <Typography variant="body2" sx={{ fontWeight: 700 }}>
        To the LIS (result {signed.id}
        {signed.status === 'corrected' ? ', corrected' : ''}):
      </Typography>
      <Button size="small" variant="outlined" disabled={busy} onClick={exporter('hl7')} sx={{ py: 0 }}>
        Export HL7…
      </Button>
      <Button size="small" variant="outlined" disabled={busy} onClick={exporter('fhir')} sx={{ py: 0 }}>
        Export FHIR…
      </Button>
      <Button size="small" variant="outlined" disabled={busy} onClick={send} sx={{ py: 0 }}>
        {busy ? 'Working…' : 'Send to LIS'}
      </Button>
      {view.changedSinceSigned && (
        <Typography variant="body2" color="warning.main">
          Reviews changed the counts since result {signed.id} was signed: what leaves is that signed result
          until the sample is signed again.
        </Typography>
      )}
      {outcome && (
        <Typography
          variant="body2"
          role={outcome.error ? 'alert' : 'status'}
          color={outcome.error ? 'error.main' : 'success.main'}
          data-testid="lis-outcome"
        >
          {outcome.text}
        </Typography>
      )}
    </Stack>
  )
}
