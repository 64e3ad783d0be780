import { Alert } from '@mui/material'

/** An error or a plain statement that a feature is missing from this build (never a fake result). */
export function Notice({ error, onClose }: { error?: string | null; onClose?: () => void }) {
  if (!error) return null
  const missing = /not available in this build/.test(error)
  return (
    <Alert severity={missing ? 'info' : 'error'} onClose={onClose} sx={{ my: 1 }}>
      {error}
    </Alert>
  )
}
