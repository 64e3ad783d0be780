import { useState, type FormEvent } from 'react'
import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material'
import type { StoreView } from '../../../shared/calls/people'

/**
 * Shown instead of the app while a shared database has nobody signed in: name and password, Enter signs in, and
 * one line saying why a try was refused. The password field is emptied after a refusal; the name is kept.
 */
export function SignIn({
  store,
  onSignIn
}: {
  store: StoreView
  /** Resolves with the refusal sentence, or null when signed in. */
  onSignIn: (name: string, password: string) => Promise<string | null>
}) {
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ready = name.trim().length > 0 && password.length > 0 && !busy
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!ready) return
    setBusy(true)
    const refusal = await onSignIn(name.trim(), password)
    setBusy(false)
    if (refusal !== null) {
      setError(refusal)
      setPassword('')
    }
  }
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 3 }}>
      <Card variant="outlined" sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent>
          <Box component="form" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title" noValidate>
            <Stack spacing={2}>
              <Box>
                <Typography variant="h5" component="h1" id="sign-in-title" sx={{ fontWeight: 700 }}>
                  Leukolens
                </Typography>
                <Typography color="text.secondary">Sign in to the lab’s shared database</Typography>
                <Typography
                  variant="body2"
                  color="text.secondary"
                  sx={{ wordBreak: 'break-all' }}
                  data-testid="store-place"
                >
                  {store.place}
                </Typography>
              </Box>
              <TextField
                id="sign-in-name"
                label="Name"
                autoComplete="username"
                autoFocus
                required
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
              <TextField
                id="sign-in-password"
                label="Password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              {error && (
                <Alert severity="error" role="alert" data-testid="sign-in-error">
                  {error}
                </Alert>
              )}
              <Button type="submit" variant="contained" disabled={!ready}>
                {busy ? 'Signing in…' : 'Sign in'}
              </Button>
            </Stack>
          </Box>
        </CardContent>
      </Card>
    </Box>
  )
}
