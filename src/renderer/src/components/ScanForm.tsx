import { Box, Card, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material'
import type { CallResponse } from '../../../shared/contract'
import { modelLabel } from '../../../shared/names'
import type { ScanRun } from '../hooks/useScanRun'
import { PathField } from './PathField'
import { JobButtons, JobProgress } from './JobControls'
import { Notice } from './Notice'
import { SkippedFolders } from './SkippedFolders'
import { EMPTY_SHOWN } from './select-props'

const SWITCH_LABELS = {
  fields: 'whole fields',
  recursive: 'sub-folders',
  tta: 'TTA',
  rescan: 'scan again'
} as const

/** The top card of Scan & review: folder, model and switches, the scan job, its outcome and the audit chain. */
export function ScanForm({
  run,
  models,
  scansError,
  chain
}: {
  run: ScanRun
  models: CallResponse<'models:list'> | undefined
  scansError: string | undefined
  chain: CallResponse<'review:verify'> | undefined
}) {
  const { job, opts, setOpts } = run
  const activeModel = models?.find((m) => m.active)
  return (
    <Card variant="outlined" sx={{ p: 1.5, flexShrink: 0 }}>
      <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1} useFlexGap>
        {/* the folder keeps a readable width: the row wraps before the path is squeezed */}
        <Box sx={{ flex: '1 1 360px', minWidth: 360, display: 'flex' }}>
          <PathField
            id="scan-folder"
            label="Folder to scan"
            value={run.folder}
            onChange={run.setFolder}
            kind="folder"
            onError={job.setError}
          />
        </Box>
        <TextField
          select
          size="small"
          label="Model"
          id="scan-model"
          value={run.scanModel}
          onChange={(e) => run.setScanModel(e.target.value)}
          sx={{ minWidth: 200 }}
          slotProps={EMPTY_SHOWN}
        >
          <MenuItem value="">active{activeModel ? ` (${modelLabel(activeModel)})` : ''}</MenuItem>
          {(models ?? []).map((m) => (
            <MenuItem key={m.id} value={m.id}>
              {modelLabel(m)}
            </MenuItem>
          ))}
        </TextField>
        {(['fields', 'recursive', 'tta', 'rescan'] as const).map((k) => (
          <FormControlLabel
            key={k}
            control={
              <Switch
                size="small"
                checked={opts[k]}
                onChange={(e) => setOpts({ ...opts, [k]: e.target.checked })}
              />
            }
            label={SWITCH_LABELS[k]}
          />
        ))}
        <JobButtons
          job={job}
          label="Scan"
          call="scan:start"
          canStart={Boolean(run.folder.trim())}
          onStart={() => void run.start()}
        />
      </Stack>
      <JobProgress job={job} />
      <Notice error={job.error ?? scansError} onClose={() => job.setError(null)} />
      {run.status && (
        <Typography role="status" variant="body2" sx={{ mt: 0.5 }}>
          {run.status}
        </Typography>
      )}
      <SkippedFolders folders={run.skippedFolders} />
      {chain && (
        <Typography variant="caption" color={chain.ok ? 'text.secondary' : 'error'}>
          {chain.ok
            ? `Review audit log: ${chain.entries} entries, hash chain intact`
            : `Review audit log: the hash chain is broken at entry ${chain.broken?.id} — ${chain.broken?.reason}`}
        </Typography>
      )}
    </Card>
  )
}
