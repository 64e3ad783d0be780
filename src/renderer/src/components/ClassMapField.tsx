import { TextField } from '@mui/material'

/** A class mapping as `import --map` takes it (`Benign=HEM,Early=ALL`), optional. */
export function ClassMapField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <TextField
      size="small"
      label="Class mapping (optional)"
      placeholder="Benign=HEM,Early=ALL"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}
