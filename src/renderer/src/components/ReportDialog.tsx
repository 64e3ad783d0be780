import { useState } from 'react'
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField
} from '@mui/material'

import type { SignOffState } from '../../../shared/types/scan'

export interface ReportHeading {
  sampleId: string
  operator: string
}

/**
 * What heads the printable report before it is saved: the sample id (filled in from the scanned folder's name)
 * and the operator (filled in from the reviewer's name). The report adds the date and a sign-off line — or, when
 * the result cannot be signed (withheld, flagged cells not reviewed), says why in its place, as this dialog does.
 */
export function ReportDialog({
  open,
  defaults,
  onCancel,
  onSave,
  signOff
}: {
  open: boolean
  defaults: ReportHeading
  /** Whether the scan's result can be signed now; undefined while it loads. */
  signOff?: SignOffState
  onCancel: () => void
  onSave: (heading: ReportHeading) => void
}) {
  // Mounted when opened (the screen renders it only then), so the fields start from the defaults each time.
  const [h, setH] = useState(defaults)
  const save = () => onSave({ sampleId: h.sampleId.trim(), operator: h.operator.trim() })
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="report-title">
      <DialogTitle id="report-title">Printable report</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>
          The report is headed with the sample and the operator, dated today, and ends with a line to sign off
          {signOff && !signOff.possible ? ' — not for this scan yet' : ''}.
        </DialogContentText>
        {signOff && !signOff.possible && (
          <Alert severity="warning" role="status" sx={{ mb: 1 }} data-testid="sign-off-refused">
            Sign-off not possible: {signOff.reasons.join('; ')}. The report says so in place of the line to
            sign.
          </Alert>
        )}
        <TextField
          autoFocus
          fullWidth
          margin="dense"
          id="report-sample"
          label="Sample id"
          value={h.sampleId}
          onChange={(e) => setH({ ...h, sampleId: e.target.value })}
          helperText="Filled in from the scanned folder's name"
        />
        <TextField
          fullWidth
          margin="dense"
          id="report-operator"
          label="Operator"
          value={h.operator}
          onChange={(e) => setH({ ...h, operator: e.target.value })}
          helperText="Filled in from the reviewer's name (Settings)"
          onKeyDown={(e) => e.key === 'Enter' && save()}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" onClick={save}>
          Save report…
        </Button>
      </DialogActions>
    </Dialog>
  )
}
