import { Button, Stack, TextField } from '@mui/material'
import FolderOpenIcon from '@mui/icons-material/FolderOpen'
import { call, errorText } from '../api'
import type { CallRequest } from '../../../shared/contract'

interface Props {
  label: string
  value: string
  onChange: (v: string) => void
  kind: CallRequest<'dialog:open'>['kind']
  id?: string
  /** Several files may be picked (joined with newlines). */
  multiple?: boolean
  onError?: (message: string) => void
}

/** A path the user can type or paste, with a Browse button that opens the native dialog. */
export function PathField({ label, value, onChange, kind, id, multiple, onError }: Props) {
  const browse = async () => {
    try {
      const paths = await call('dialog:open', { kind, title: label })
      if (paths.length) onChange(multiple ? paths.join('\n') : paths[0])
    } catch (err) {
      onError?.(errorText(err))
    }
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', flex: 1 }}>
      <TextField
        id={id}
        label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        size="small"
        fullWidth
        multiline={multiple}
        maxRows={4}
      />
      <Button
        variant="outlined"
        startIcon={<FolderOpenIcon />}
        onClick={() => void browse()}
        sx={{ whiteSpace: 'nowrap', minWidth: 'auto' }}
      >
        Browse…
      </Button>
    </Stack>
  )
}
