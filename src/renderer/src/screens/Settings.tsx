import { useState } from 'react'
import { Stack, Typography } from '@mui/material'
import type { Settings } from '../../../shared/contract'
import { call, errorText, useCall } from '../api'
import { Notice } from '../components/Notice'
import { DataFolderCard, PreferencesCard, WeightsFilesCard } from '../components/SettingsCards'
import type { SettingsPatch } from '../components/SettingsCards'
import { SharedDatabaseCard } from '../components/SharedDatabaseCard'
import type { ScreenProps } from './screen-props'

/**
 * Data folder, shared database, compute backend, review threshold, reviewer name, theme, the pixel limit for images, and the
 * backbones' weights files.
 */
export function SettingsScreen({ onThemeChange }: ScreenProps) {
  const loaded = useCall('settings:get', undefined)
  const backbones = useCall('backbones:list', undefined)
  const [edited, setS] = useState<Settings | null>(null)
  const s = edited ?? loaded.data ?? null
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)

  const save = async (patch: SettingsPatch) => {
    try {
      const next = await call('settings:set', patch)
      setS(next)
      if (patch.theme) onThemeChange(patch.theme)
      setSaved('Saved.')
    } catch (err) {
      setError(errorText(err))
    }
  }
  if (!s) return <Notice error={loaded.error} />
  return (
    <Stack spacing={2} sx={{ maxWidth: 900 }}>
      <Notice error={error} onClose={() => setError(null)} />
      {saved && <Typography role="status">{saved}</Typography>}
      <DataFolderCard s={s} save={save} onError={setError} />
      <SharedDatabaseCard s={s} save={save} />
      <PreferencesCard s={s} setS={setS} save={save} onError={setError} />
      <WeightsFilesCard backbones={backbones} onError={setError} onSaved={setSaved} />
    </Stack>
  )
}
