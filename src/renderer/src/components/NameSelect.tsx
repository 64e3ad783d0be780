import { MenuItem, TextField } from '@mui/material'
import type { SxProps, Theme } from '@mui/material'

/** A drop-down of things known by their name (datasets, backbones): the value is the name itself. */
export function NameSelect({
  id,
  label,
  names,
  value,
  onChange,
  sx
}: {
  id?: string
  label: string
  names: string[]
  value: string
  onChange: (name: string) => void
  sx?: SxProps<Theme>
}) {
  return (
    <TextField
      select
      size="small"
      label={label}
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={sx}
    >
      {names.map((n) => (
        <MenuItem key={n} value={n}>
          {n}
        </MenuItem>
      ))}
    </TextField>
  )
}
