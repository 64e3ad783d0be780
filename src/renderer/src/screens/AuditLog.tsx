import { useMemo, useState } from 'react'
import {
  Button,
  Card,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography
} from '@mui/material'
import { call, errorText, useCall } from '../api'
import { Notice } from '../components/Notice'
import { baseName, when } from '../logic/format'
import { EMPTY_SHOWN } from '../components/select-props'
import type { ScreenProps } from './screen-props'

/**
 * The review audit log as it is stored: every entry, newest first, with who changed which file from which label
 * to which and why. Undo entries are ordinary entries (the log is append-only). Exportable as CSV.
 */
export function AuditLog({ navigate }: ScreenProps) {
  const scans = useCall('scans:list', undefined)
  const [scanId, setScanId] = useState<number | ''>('')
  const log = useCall('review:log', scanId === '' ? {} : { scanId })
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const entries = useMemo(() => [...(log.data ?? [])].reverse(), [log.data])
  const exportCsv = async () => {
    try {
      const target = await call('dialog:save', {
        title: 'Export the audit log',
        defaultName: 'review-audit-log.csv',
        ext: 'csv'
      })
      if (target)
        setStatus(
          `Written: ${await call('review:export', { ...target, scanId: scanId === '' ? undefined : scanId })}`
        )
    } catch (err) {
      setError(errorText(err))
    }
  }
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="Images of scan"
          value={scanId}
          onChange={(e) => setScanId(e.target.value === '' ? '' : Number(e.target.value))}
          sx={{ minWidth: 280 }}
          slotProps={EMPTY_SHOWN}
        >
          <MenuItem value="">every scan</MenuItem>
          {(scans.data ?? []).map((s) => (
            <MenuItem key={s.id} value={s.id}>
              #{s.id} {s.kind === 'quick' ? 'quick check' : s.folder}
            </MenuItem>
          ))}
        </TextField>
        <Tooltip title={entries.length ? 'Every entry shown, as CSV' : 'No entries to export yet'}>
          <span>
            <Button disabled={!entries.length} onClick={() => void exportCsv()}>
              Export CSV
            </Button>
          </span>
        </Tooltip>
        <Typography variant="body2" color="text.secondary">
          {entries.length} entries · append-only: a correction or an undo is a newer entry
        </Typography>
      </Stack>
      <Notice error={error ?? log.error} onClose={() => setError(null)} />
      {status && <Typography role="status">{status}</Typography>}
      {entries.length === 0 && !log.loading ? (
        <Typography color="text.secondary">
          No reviews yet. Reviews made on the Scan and review screen appear here.{' '}
          <Button onClick={() => navigate('scan')}>Scan and review</Button>
        </Typography>
      ) : (
        <Card variant="outlined">
          <Table size="small" aria-label="audit log">
            <TableHead>
              <TableRow>
                {['#', 'When', 'Reviewer', 'File', 'Change', 'Note'].map((h) => (
                  <TableCell key={h}>{h}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.map((e) => (
                <TableRow key={e.id} hover>
                  <TableCell>{e.id}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{when(e.createdAt)}</TableCell>
                  <TableCell>{e.reviewer}</TableCell>
                  <TableCell title={e.path ?? e.sha256}>
                    {e.path ? baseName(e.path) : `${e.sha256.slice(0, 12)}…`}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {e.oldLabel ?? '—'} → <b>{e.newLabel}</b>
                  </TableCell>
                  <TableCell>{e.note ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
    </Stack>
  )
}
