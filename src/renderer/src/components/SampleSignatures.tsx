import { useState } from 'react'
import { Box, Button, Stack, Typography } from '@mui/material'
import type { PersonView, SignatureView } from '../../../shared/calls/people'
import type { ScanSummary } from '../../../shared/contract'
import type { SampleCount, ScanResultView } from '../../../shared/types/scan'
import { useCall } from '../api'
import { when } from '../logic/format'
import { SampleResult } from './SampleCounts'
import { SignatureDialog } from './SignatureDialog'

/** "Approved by Ana Silva (reviewer), 6 Dec 2026 14:03", and whether the sample changed since. */
export function signatureText(s: SignatureView): string {
  const meaning = s.meaning === 'approved' ? 'Approved' : 'Reviewed'
  const since =
    s.current === false ? ' — the sample changed since: that signature is of an earlier state' : ''
  return `${meaning} by ${s.person} (${s.role}), ${when(s.at)}${since}`
}

/**
 * The electronic signatures of each sample of the current scan, and the way to add one: a reviewer signs a sample
 * once every flagged cell is reviewed (the button says why not before). Shown only with a shared database, where
 * people sign in.
 */
export function SampleSignatures({
  scan,
  view,
  person,
  modelName,
  unit
}: {
  scan: ScanSummary
  view: ScanResultView
  person: PersonView
  /** The scan's model version as the user knows it. */
  modelName: string
  /** What the scan counted: cells found in fields, or cell images. */
  unit: 'cell' | 'image'
}) {
  const samples = view.samples ?? [view.result]
  return (
    <Stack spacing={0.5} aria-label="signatures" data-testid="sample-signatures">
      {samples.map((s) => (
        <SampleSignatureLine
          key={s.sample}
          scan={scan}
          sample={s}
          person={person}
          modelName={modelName}
          unit={unit}
          many={samples.length > 1}
          // One sample: the scan's own gate says why it cannot be signed yet. Several: the engine checks each
          // sample when it is signed, and the dialog shows its refusal.
          refusal={samples.length === 1 && !view.signOff.possible ? view.signOff.reasons.join('; ') : null}
        />
      ))}
    </Stack>
  )
}

function SampleSignatureLine({
  scan,
  sample,
  person,
  modelName,
  unit,
  many,
  refusal
}: {
  scan: ScanSummary
  sample: SampleCount
  person: PersonView
  modelName: string
  unit: 'cell' | 'image'
  many: boolean
  refusal: string | null
}) {
  const recordId = `${scan.id}:${sample.sample}`
  // Asked again when the sample's counts change (a review): each signature says whether it still fits.
  const list = useCall('signature:list', { kind: 'sample', recordId }, JSON.stringify(sample))
  const [open, setOpen] = useState(false)
  const signed = list.data ?? []
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
      <Typography variant="body2" component="div">
        <b>{many ? `Sample ${sample.sample}` : 'Signatures'}</b>:{' '}
        {list.error ?? (signed.length ? signed.map(signatureText).join(' · ') : 'not signed yet')}
      </Typography>
      <Button
        size="small"
        variant="outlined"
        onClick={() => setOpen(true)}
        disabled={refusal !== null}
        aria-label={`Sign sample ${sample.sample}`}
      >
        Sign…
      </Button>
      {refusal && (
        <Typography variant="body2" color="text.secondary">
          Not yet: {refusal}
        </Typography>
      )}
      <SignatureDialog
        open={open}
        person={person}
        kind="sample"
        recordId={recordId}
        what={
          <Box>
            <Typography>
              Sample <b>{sample.sample}</b> of scan {scan.id} ({scan.folder}), model {modelName}
            </Typography>
            <Typography variant="body2" component="div">
              {sample.counted} {unit}s counted: <SampleResult s={sample} unit={unit} />
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {sample.flagged} flagged, {sample.reviewed} reviewed
            </Typography>
          </Box>
        }
        onClose={() => setOpen(false)}
        onSigned={() => {
          setOpen(false)
          list.reload()
        }}
      />
    </Stack>
  )
}
