import { useState } from 'react'
import { Card, List, ListItemButton, ListItemText, Stack, Typography } from '@mui/material'
import { call, errorText, useCall, useJob } from '../api'
import { Notice } from '../components/Notice'
import { DatasetDetailCard, ImportFolderCard } from '../components/DatasetCards'
import type { ScreenProps } from './screen-props'

/** Import a folder with live progress; every dataset with its classes, subjects, splits and a few thumbnails. */
export function Datasets(_props: ScreenProps) {
  const job = useJob('import')
  const { setError } = job
  const [selected, setSelected] = useState<string | null>(null)
  const list = useCall('datasets:list', undefined)
  const detail = useCall('datasets:get', selected ? { name: selected } : null, selected ?? '')

  // The images' files stay where they are; model versions trained on it keep working.
  const remove = async (name: string) => {
    if (!window.confirm(`Delete dataset ${name}? Its images stay on disk; versions trained on it are kept.`))
      return
    try {
      await call('datasets:delete', { name })
      setSelected(null)
      list.reload()
    } catch (err) {
      setError(errorText(err))
    }
  }
  const split = async () => {
    if (!selected) return
    try {
      await call('datasets:split', { name: selected })
      detail.reload()
    } catch (err) {
      setError(errorText(err))
    }
  }

  const d = selected ? detail.data : undefined
  return (
    <Stack spacing={2}>
      <ImportFolderCard
        job={job}
        onImported={(name) => {
          setSelected(name)
          list.reload()
        }}
      />
      <Notice error={list.error} />
      <Stack sx={{ alignItems: 'flex-start' }} direction="row" spacing={2}>
        <Card variant="outlined" sx={{ width: 280, flexShrink: 0 }}>
          <List dense aria-label="datasets">
            {(list.data ?? []).map((ds) => (
              <ListItemButton
                key={ds.name}
                selected={ds.name === selected}
                onClick={() => setSelected(ds.name)}
              >
                <ListItemText
                  primary={ds.name}
                  secondary={`${ds.images} images · ${ds.layout} · ${ds.classes.map((c) => c.name).join('/')}`}
                />
              </ListItemButton>
            ))}
            {list.data?.length === 0 && (
              <Typography sx={{ p: 2 }} color="text.secondary">
                No datasets yet.
              </Typography>
            )}
          </List>
        </Card>
        {d && <DatasetDetailCard d={d} onDelete={() => void remove(d.name)} onSplit={() => void split()} />}
        <Notice error={selected ? detail.error : undefined} />
      </Stack>
    </Stack>
  )
}
