import type { ReactNode } from 'react'
import {
  Box,
  Button,
  Card,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography
} from '@mui/material'
import AddIcon from '@mui/icons-material/Add'
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

type Chain = CallResponse<'review:verify'>

/** Whether the review audit log's hash chain holds, in one short caption (in full and red where it is broken). */
function ChainLine({ chain }: { chain: Chain | undefined }) {
  if (!chain) return null
  return (
    <Typography
      variant="caption"
      color={chain.ok ? 'text.secondary' : 'error'}
      title={
        chain.ok ? "The review audit log's hash chain is intact: no entry was changed or removed" : undefined
      }
      data-testid="audit-chain"
    >
      {chain.ok
        ? `Audit log intact (${chain.entries} entries)`
        : `Review audit log: the hash chain is broken at entry ${chain.broken?.id} — ${chain.broken?.reason}`}
    </Typography>
  )
}

/**
 * The last scan's outcome or the last review action's message, taking what the line leaves (a long one wraps in
 * its place rather than pushing the actions to a line of their own); a spacer where there is none.
 */
function StatusLine({ status }: { status: string | null }) {
  if (!status) return <Box sx={{ flex: 1 }} />
  return (
    <Typography
      role="status"
      variant="body2"
      sx={{ flex: '1 1 240px', minWidth: 0, overflowWrap: 'anywhere' }}
    >
      {status}
    </Typography>
  )
}

/**
 * The top of Scan & review. While a scan is shown and none runs it is one line — "New scan…", the last message,
 * the audit chain and the actions on the shown scan — so the cells below get the height; otherwise (no scan yet,
 * a scan running, or "New scan…" pressed) the whole form: folder, model and switches, the scan job and its outcome.
 */
export function ScanForm({
  run,
  models,
  scansError,
  chain,
  collapsed,
  onExpand,
  onCollapse,
  actions
}: {
  run: ScanRun
  models: CallResponse<'models:list'> | undefined
  scansError: string | undefined
  chain: Chain | undefined
  /** Only the one line. */
  collapsed: boolean
  onExpand: () => void
  /** Folds the open form back to its line; absent where it cannot fold (no scan shown, or one running). */
  onCollapse?: () => void
  /** The actions on the scan shown (export, report…), at the end of the line. */
  actions?: ReactNode
}) {
  const { job, opts, setOpts } = run
  const activeModel = models?.find((m) => m.active)
  const problems = (
    <>
      <Notice error={job.error ?? scansError} onClose={() => job.setError(null)} />
      <SkippedFolders folders={run.skippedFolders} />
    </>
  )
  if (collapsed)
    return (
      <Box sx={{ flexShrink: 0 }} data-testid="scan-line">
        <Stack direction="row" spacing={1.5} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Button size="small" variant="outlined" startIcon={<AddIcon />} onClick={onExpand}>
            New scan…
          </Button>
          <StatusLine status={run.status} />
          <ChainLine chain={chain} />
          {actions}
        </Stack>
        {problems}
      </Box>
    )
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
        {onCollapse && (
          <Button size="small" onClick={onCollapse}>
            Hide
          </Button>
        )}
      </Stack>
      <JobProgress job={job} />
      {problems}
      <Stack
        direction="row"
        spacing={1.5}
        useFlexGap
        sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}
      >
        <StatusLine status={run.status} />
        <ChainLine chain={chain} />
        {actions}
      </Stack>
    </Card>
  )
}
