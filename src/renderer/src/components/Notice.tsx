import { Alert } from '@mui/material'

/** An error as one closable line (never a fake result in its place). */
export function Notice({ error, onClose }: { error?: string | null; onClose?: () => void }) {
  if (!error) return null
  return (
    <Alert severity="error" onClose={onClose} sx={{ my: 1 }}>
      {error}
    </Alert>
  )
}
