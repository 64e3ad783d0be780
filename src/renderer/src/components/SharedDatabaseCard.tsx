import { useState } from 'react'
import { Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material'
import type { Settings } from '../../../shared/contract'
import type { SettingsPatch } from './SettingsCards'

/**
 * The lab's shared PostgreSQL database (`leukolens server start` prints its URL), from the next start. The URL
 * in use is shown with its password masked; a new one is typed in full and checked by the engine, which names
 * what is wrong with it without repeating it.
 */
export function SharedDatabaseCard({
  s,
  save
}: {
  s: Settings
  save: (patch: SettingsPatch) => Promise<void>
}) {
  const [url, setUrl] = useState('')
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">Shared database</Typography>
        <Typography gutterBottom>
          {s.databaseUrl ? (
            <>
              The lab&apos;s PostgreSQL database: <code>{s.databaseUrl}</code>
            </>
          ) : (
            "None: this workstation keeps its records in the data folder's own database."
          )}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField
            label="PostgreSQL URL (takes effect at the next start)"
            placeholder="postgres://leukolens:password@lab-server:5432/leukolens"
            type="password"
            autoComplete="off"
            fullWidth
            size="small"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <Button
            disabled={!url.trim()}
            onClick={() => void save({ databaseUrl: url.trim() }).then(() => setUrl(''))}
          >
            Use from next start
          </Button>
          {s.databaseUrl && (
            <Button color="inherit" onClick={() => void save({ unset: ['databaseUrl'] })}>
              Use this workstation&apos;s own
            </Button>
          )}
        </Stack>
      </CardContent>
    </Card>
  )
}
