import { Button, Chip, Stack, Typography } from '@mui/material'
import PersonIcon from '@mui/icons-material/Person'
import type { StoreView } from '../../../shared/calls/people'

/** Who is signed in to the shared database, with their role, and a way to sign out. Nothing on a workstation. */
export function PersonBar({ store, onSignOut }: { store: StoreView | undefined; onSignOut: () => void }) {
  if (!store?.person) return null
  const { name, role } = store.person
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ alignItems: 'center', flexShrink: 0 }}
      aria-label="signed in"
      data-testid="person-bar"
    >
      <PersonIcon fontSize="small" color="action" aria-hidden />
      <Typography variant="body2" sx={{ fontWeight: 700 }} title={store.place}>
        {name}
      </Typography>
      <Chip size="small" label={role} variant="outlined" />
      <Button size="small" onClick={onSignOut}>
        Sign out
      </Button>
    </Stack>
  )
}
