import { useState } from 'react'
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField
} from '@mui/material'

/** Asked once, before the first review: the name the audit log and the report record (never a placeholder). */
export function ReviewerDialog({
  open,
  onCancel,
  onSave
}: {
  open: boolean
  onCancel: () => void
  onSave: (name: string) => void
}) {
  const [name, setName] = useState('')
  const ok = name.trim().length > 0
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="reviewer-title">
      <DialogTitle id="reviewer-title">Who is reviewing?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Your name goes into the audit log and the report with every review. It is asked once; change it in
          Settings.
        </DialogContentText>
        <TextField
          autoFocus
          fullWidth
          margin="dense"
          id="reviewer-name"
          label="Your name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && ok) onSave(name.trim())
          }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" disabled={!ok} onClick={() => onSave(name.trim())}>
          Save and review
        </Button>
      </DialogActions>
    </Dialog>
  )
}
