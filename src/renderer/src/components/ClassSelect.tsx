import { MenuItem, TextField } from '@mui/material'
import { EMPTY_SHOWN } from './select-props'

/** A filter on one class: 'any' (the empty value) or one of the classes. */
export function ClassSelect({
  label,
  value,
  classes,
  onChange,
  width
}: {
  label: string
  value: string
  classes: readonly string[]
  onChange: (value: string) => void
  width: number
}) {
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={{ width }}
      slotProps={EMPTY_SHOWN}
    >
      <MenuItem value="">any</MenuItem>
      {classes.map((c) => (
        <MenuItem key={c} value={c}>
          {c}
        </MenuItem>
      ))}
    </TextField>
  )
}
