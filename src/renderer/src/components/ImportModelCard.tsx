import { useState } from 'react'
import { Card, CardContent, Stack, TextField, Typography } from '@mui/material'
import { call } from '../api'
import { PathField } from './PathField'
import { ReasonButton } from './ReasonButton'
import { useRoleRefusal } from '../hooks/useRoleRefusal'

/** Import a model file (a .leukolens export, the notebook's .keras or a Keras .h5) under an optional name. */
export function ImportModelCard({
  busy,
  run,
  onError
}: {
  busy: boolean
  run: (what: () => Promise<string | void>) => Promise<void>
  onError: (error: string) => void
}) {
  const [file, setFile] = useState('')
  const [importName, setImportName] = useState('')
  const [importClasses, setImportClasses] = useState('')
  const refused = useRoleRefusal('models:import')
  // A Keras model also registers its DenseNet121 base as a backbone; the version says which one it uses.
  const importFile = async () => {
    const classes = importClasses
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean)
    const m = await call('models:import', {
      file: file.trim(),
      name: importName.trim() || undefined,
      classes: classes.length ? classes : undefined
    })
    return `Imported as version ${m.id} (${m.name}, backbone ${m.backbone}, ${m.source})`
  }
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">Import a model</Typography>
        <Stack sx={{ alignItems: 'flex-start' }} direction="row" spacing={1}>
          <PathField
            id="model-file"
            label="Model file (.leukolens export, notebook .keras or Keras .h5)"
            value={file}
            onChange={setFile}
            kind="model"
            onError={onError}
          />
          <TextField
            id="model-name"
            size="small"
            label="Name"
            value={importName}
            onChange={(e) => setImportName(e.target.value)}
          />
          <TextField
            id="model-classes"
            size="small"
            label="Keras classes, in order"
            placeholder="ALL,HEM"
            value={importClasses}
            onChange={(e) => setImportClasses(e.target.value)}
          />
          <ReasonButton
            variant="contained"
            why={refused || (!file.trim() ? 'Choose a model file first' : busy && 'Working…')}
            onClick={() => void run(importFile)}
          >
            Import
          </ReasonButton>
        </Stack>
      </CardContent>
    </Card>
  )
}
