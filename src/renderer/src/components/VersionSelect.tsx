import { MenuItem, TextField } from '@mui/material'
import type { ModelView } from '../../../shared/contract'
import { modelLabel } from '../../../shared/names'

/** A drop-down of model versions by name (their id when unnamed): the Evaluate and Compare cards' version pickers. */
export function VersionSelect({
  id,
  label,
  models,
  value,
  onChange,
  minWidth = 200
}: {
  id: string
  label: string
  models: ModelView[]
  value: string
  onChange: (id: string) => void
  minWidth?: number
}) {
  return (
    <TextField
      select
      size="small"
      label={label}
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={{ minWidth }}
    >
      {models.map((m) => (
        <MenuItem key={m.id} value={m.id}>
          {modelLabel(m)}
        </MenuItem>
      ))}
    </TextField>
  )
}
