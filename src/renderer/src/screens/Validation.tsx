import { useState } from 'react'
import { Button, Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography } from '@mui/material'
import { call, errorText, useCall } from '../api'
import { Notice } from '../components/Notice'
import { PathField } from '../components/PathField'
import { ClassMapField } from '../components/ClassMapField'
import { ReasonButton } from '../components/ReasonButton'
import { ValidationResult } from '../components/ValidationResult'
import type { CallRequest, CallResponse } from '../../../shared/contract'
import type { ScreenProps } from './screen-props'

type Request = CallRequest<'validation:study'>

/**
 * A local validation study: a scan's classes against the lab's reference (a CSV of reference classes, the
 * reviews, and/or each slide's manual count), with the figures and a printable report.
 */
export function Validation(_props: ScreenProps) {
  const scans = useCall('scans:list', undefined)
  const [form, setForm] = useState({ scanId: 0, reference: '', reviewed: false, counts: '', map: '' })
  const [study, setStudy] = useState<CallResponse<'validation:study'> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const request = (): Request => ({
    scanId: form.scanId,
    reference: form.reviewed ? undefined : form.reference || undefined,
    reviewed: form.reviewed || undefined,
    counts: form.counts || undefined,
    map: form.map.trim() || undefined
  })
  const run = async () => {
    try {
      setError(null)
      setStudy(await call('validation:study', request()))
    } catch (err) {
      setStudy(null)
      setError(errorText(err))
    }
  }
  const save = async () => {
    try {
      const target = await call('dialog:save', {
        title: 'Save the validation report',
        defaultName: `validation-scan-${form.scanId}.html`,
        ext: 'html'
      })
      if (target) setStatus(`Written: ${await call('validation:report', { ...request(), ...target })}`)
    } catch (err) {
      setError(errorText(err))
    }
  }
  const hasReference = form.reviewed || form.reference || form.counts
  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">
        Before reporting with a model, compare it with manual microscopy on the lab's own samples: a CSV
        naming each scanned file and its class (file,class), the classes given in review, or each slide's
        manual count (sample,cells,blasts).
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }} useFlexGap>
        <TextField
          select
          size="small"
          label="Scan"
          value={form.scanId || ''}
          onChange={(e) => setForm({ ...form, scanId: Number(e.target.value) })}
          sx={{ minWidth: 260 }}
        >
          {(scans.data ?? []).map((s) => (
            <MenuItem key={s.id} value={s.id}>
              #{s.id} {s.folder}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Checkbox
              checked={form.reviewed}
              onChange={(e) => setForm({ ...form, reviewed: e.target.checked })}
            />
          }
          label="Reviewed cells as reference"
        />
      </Stack>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }} useFlexGap>
        {!form.reviewed && (
          <PathField
            label="Reference classes (CSV)"
            kind="files"
            value={form.reference}
            onChange={(reference) => setForm({ ...form, reference })}
            onError={setError}
          />
        )}
        <PathField
          label="Manual counts per sample (CSV)"
          kind="files"
          value={form.counts}
          onChange={(counts) => setForm({ ...form, counts })}
          onError={setError}
        />
        <ClassMapField value={form.map} onChange={(map) => setForm({ ...form, map })} />
      </Stack>
      <Stack direction="row" spacing={1}>
        <ReasonButton
          variant="contained"
          why={!form.scanId ? 'Choose a scan' : !hasReference && 'Give a reference'}
          onClick={() => void run()}
        >
          Compare
        </ReasonButton>
        <Button disabled={!study} onClick={() => void save()}>
          Save report
        </Button>
      </Stack>
      <Notice error={error ?? scans.error} onClose={() => setError(null)} />
      {status && <Typography role="status">{status}</Typography>}
      {study && <ValidationResult s={study} />}
    </Stack>
  )
}
