import { useState } from 'react'
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography
} from '@mui/material'
import type { DifferentialView, SignedResult } from '../../../shared/types/differential'
import { call, errorText } from '../api'

/**
 * Signing a sample: what would be signed (each class's count and share with its interval, on how many cells),
 * why signing is refused as things stand, and — for a count short of its target — the signer's reason. The
 * engine decides; its refusal is shown as it says it. A signed result is frozen: a later review and a new
 * signature make a corrected result.
 */
export function SignOffDialog({
  view,
  onClose,
  onSigned
}: {
  view: DifferentialView
  onClose: () => void
  onSigned: (r: SignedResult) => void
}) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const short = view.counted < view.target
  const sign = async () => {
    setBusy(true)
    setError(null)
    try {
      onSigned(
        await call('sample:sign', {
          scanId: view.scanId,
          sample: view.sample,
          reason: reason.trim() || undefined
        })
      )
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="sign-off-title">
      <DialogTitle id="sign-off-title">
        {view.signed ? 'Sign a corrected result' : 'Sign'}: sample {view.sample}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {view.counted} of {view.target} cells counted (model {view.modelId}):
        </Typography>
        <ul style={{ marginTop: 0 }}>
          {view.classes.map((c) => (
            <li key={c.name}>
              <Typography variant="body2">
                {c.name}: {c.count} of {view.counted}
                {view.counted
                  ? ` — ${c.percent.toFixed(1)}% (95% Wilson CI ${c.low.toFixed(1)}–${c.high.toFixed(1)}%)`
                  : ''}
              </Typography>
            </li>
          ))}
        </ul>
        {view.signed && (
          <Typography variant="body2" gutterBottom>
            Signed before as result {view.signed.id} by {view.signed.signer} at {view.signed.signedAt};
            signing again makes a corrected result that replaces it (both stay in the audit log).
          </Typography>
        )}
        {!view.signOff.possible && (
          <Alert severity="warning" sx={{ my: 1 }} data-testid="sign-off-reasons">
            Signing is refused while: {view.signOff.reasons.join('; ')}.
            {short && ' A count short of its target is signed only with the reason below.'}
          </Alert>
        )}
        {short && (
          <TextField
            fullWidth
            size="small"
            label="Why the count stops short of the target"
            placeholder="too few cells on the slide"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            sx={{ mt: 1 }}
          />
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }} data-testid="sign-off-error">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={busy} onClick={() => void sign()}>
          Sign as {view.signed ? 'corrected' : 'final'}
        </Button>
      </DialogActions>
    </Dialog>
  )
}
