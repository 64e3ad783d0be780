import { useState } from 'react'
import { Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material'
import type { Settings } from '../../../shared/contract'
import { DIFFERENTIAL_TARGETS } from '../../../shared/differential'
import type { SettingsPatch } from './SettingsCards'
import { useRoleRefusal } from '../hooks/useRoleRefusal'

/** The lab workflow: how many cells a differential counts before sign-off, and how often control runs are due. */
export function LabSettingsCard({
  s,
  save,
  onError
}: {
  s: Settings
  save: (patch: SettingsPatch) => Promise<void>
  onError: (error: string) => void
}) {
  // Hours as typed, until they are checked and saved on leaving the field ('' forgets the schedule).
  const [hours, setHours] = useState<string | null>(null)
  // An admin's where people sign in: greyed out with the reason for anyone else.
  const targetRefused = useRoleRefusal('settings:set', { differentialTarget: 100 })
  const qcRefused = useRoleRefusal('settings:set', { qcEveryHours: 24 })
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">Lab workflow</Typography>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            select
            size="small"
            label="Differential target (cells)"
            helperText={
              targetRefused ??
              "A sample is signed when this many cells have a person's class, or with a stated reason"
            }
            disabled={Boolean(targetRefused)}
            value={String(s.differentialTarget)}
            onChange={(e) => void save({ differentialTarget: Number(e.target.value) as 100 | 200 })}
            sx={{ width: 320 }}
          >
            {DIFFERENTIAL_TARGETS.map((t) => (
              <MenuItem key={t} value={String(t)}>
                {t} cells
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            type="number"
            label="Quality control every (hours)"
            helperText={
              qcRefused ??
              'After this long without a run, Home says QC due for the control set; empty: no schedule'
            }
            disabled={Boolean(qcRefused)}
            value={hours ?? (s.qcEveryHours === null ? '' : String(s.qcEveryHours))}
            onChange={(e) => setHours(e.target.value)}
            onBlur={() => {
              if (hours === null) return
              const v = hours.trim() === '' ? null : Number(hours)
              if (v === null) void save({ unset: ['qcEveryHours'] })
              else if (!(v > 0 && v <= 24 * 366))
                onError(`Quality control every: a number of hours above 0, not "${hours}".`)
              else void save({ qcEveryHours: v })
              setHours(null)
            }}
            slotProps={{ htmlInput: { min: 1, step: 1, 'aria-label': 'quality control every hours' } }}
            sx={{ width: 320 }}
          />
        </Stack>
      </CardContent>
    </Card>
  )
}
