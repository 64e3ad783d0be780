import { Alert, Typography } from '@mui/material'

/**
 * Subfolders and files an import or a scan passed over (unreadable, a symlink loop, a broken link, a FIFO or
 * device), each with why: their images were not read, so the counts beside this leave them out. Nothing when there are none.
 */
export function SkippedFolders({ folders }: { folders: readonly { path: string; reason: string }[] }) {
  if (!folders.length) return null
  return (
    <Alert severity="warning" sx={{ my: 1 }} data-testid="skipped-folders">
      <Typography variant="body2">
        {folders.length === 1 ? '1 folder or file was' : `${folders.length} folders or files were`} not read:
      </Typography>
      {folders.map((f) => (
        <Typography key={f.path} variant="body2">
          <code>{f.path}</code>: {f.reason}
        </Typography>
      ))}
    </Alert>
  )
}
