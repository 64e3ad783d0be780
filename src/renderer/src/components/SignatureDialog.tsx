import { useState, type FormEvent, type ReactNode } from 'react'
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  TextField
} from '@mui/material'
import {
  SIGNATURE_MEANINGS,
  type PersonView,
  type SignatureMeaning,
  type SignatureView
} from '../../../shared/calls/people'
import { call, errorText } from '../api'

const MEANING_TEXT: Record<SignatureMeaning, string> = {
  reviewed: 'Reviewed — I have looked at this result',
  approved: 'Approved — this result may be reported'
}

/**
 * An electronic signature: what is signed, the meaning chosen (reviewed or approved), and the signer's password
 * again. A refusal (a wrong password, a result that cannot be signed yet) is shown in one line and the dialog
 * stays open with the password emptied; a stored signature closes it.
 */
export function SignatureDialog({
  open,
  person,
  kind,
  recordId,
  what,
  onClose,
  onSigned
}: {
  open: boolean
  person: PersonView
  kind: string
  recordId: string
  /** What is signed, as the signer should read it before signing. */
  what: ReactNode
  onClose: () => void
  onSigned: (s: SignatureView) => void
}) {
  const [meaning, setMeaning] = useState<SignatureMeaning>('reviewed')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const close = () => {
    setPassword('')
    setError(null)
    onClose()
  }
  const sign = async (e: FormEvent) => {
    e.preventDefault()
    if (!password || busy) return
    setBusy(true)
    try {
      const s = await call('signature:sign', { kind, recordId, meaning, password })
      setPassword('')
      setError(null)
      onSigned(s)
    } catch (err) {
      setError(errorText(err))
      setPassword('')
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog open={open} onClose={close} aria-labelledby="signature-title" maxWidth="sm" fullWidth>
      <Box component="form" onSubmit={(e) => void sign(e)} noValidate>
        <DialogTitle id="signature-title">Sign as {person.name}</DialogTitle>
        <DialogContent>
          <Box data-testid="signature-what" aria-label="what is signed" sx={{ mb: 2 }}>
            {what}
          </Box>
          <FormControl sx={{ mb: 1 }}>
            <FormLabel id="signature-meaning">Meaning of this signature</FormLabel>
            <RadioGroup
              aria-labelledby="signature-meaning"
              value={meaning}
              onChange={(e) => setMeaning(e.target.value as SignatureMeaning)}
            >
              {SIGNATURE_MEANINGS.map((m) => (
                <FormControlLabel key={m} value={m} control={<Radio />} label={MEANING_TEXT[m]} />
              ))}
            </RadioGroup>
          </FormControl>
          <DialogContentText variant="body2" sx={{ mb: 1 }}>
            Your password again: the signature records your name, the time and the meaning with the checksum
            of this result, in the audit log.
          </DialogContentText>
          <TextField
            id="signature-password"
            label="Password"
            type="password"
            autoComplete="current-password"
            autoFocus
            fullWidth
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {error && (
            <Alert severity="error" role="alert" sx={{ mt: 2 }} data-testid="signature-error">
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={!password || busy}>
            Sign
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  )
}
