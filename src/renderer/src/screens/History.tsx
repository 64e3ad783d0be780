import { useEffect, useState } from 'react'
import { Button, Card, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TablePagination, TableRow, TextField, Typography } from '@mui/material'
import type { PredictionFilter, PredictionView } from '../../../shared/contract'
import { call, errorText } from '../api'
import { Notice } from '../components/Notice'
import { pct, when } from '../logic/format'
import type { ScreenProps } from '.'

const PAGE = 50

/** Every prediction ever made, searchable by file name or hash and filterable; exportable as CSV. */
export function History(_props: ScreenProps) {
  const [f, setF] = useState<PredictionFilter>({ sort: 'newest' })
  const [page, setPage] = useState(0)
  const [data, setData] = useState<{ rows: PredictionView[]; total: number }>({ rows: [], total: 0 })
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    call('predictions:query', { ...f, offset: page * PAGE, limit: PAGE }).then(
      (d) => live && setData(d),
      (err: unknown) => live && setError(errorText(err))
    )
    return () => {
      live = false
    }
  }, [f, page])
  const set = (patch: Partial<PredictionFilter>) => {
    setPage(0)
    setF((x) => ({ ...x, ...patch }))
  }
  const bool = (v: string) => (v === '' ? undefined : v === 'yes')
  const exportCsv = async () => {
    try {
      const file = await call('dialog:save', { title: 'Export history', defaultName: 'history.csv', ext: 'csv' })
      if (file) setStatus(`Written: ${await call('predictions:export', { filter: f, file })}`)
    } catch (err) {
      setError(errorText(err))
    }
  }
  return (
    <Stack spacing={2}>
      <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={1} useFlexGap>
        <TextField size="small" label="Search file name or hash" value={f.search ?? ''} onChange={(e) => set({ search: e.target.value || undefined })} sx={{ width: 260 }} />
        <TextField size="small" label="Class" value={f.predicted ?? ''} onChange={(e) => set({ predicted: e.target.value || undefined })} sx={{ width: 100 }} />
        {(['flagged', 'reviewed'] as const).map((k) => (
          <TextField key={k} select size="small" label={k} value={f[k] === undefined ? '' : f[k] ? 'yes' : 'no'} onChange={(e) => set({ [k]: bool(e.target.value) })} sx={{ width: 110 }}>
            <MenuItem value="">any</MenuItem>
            <MenuItem value="yes">yes</MenuItem>
            <MenuItem value="no">no</MenuItem>
          </TextField>
        ))}
        <TextField size="small" type="date" label="From" value={f.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField size="small" type="date" label="To" value={f.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} slotProps={{ inputLabel: { shrink: true } }} />
        <Button onClick={() => void exportCsv()}>Export CSV</Button>
      </Stack>
      <Notice error={error} onClose={() => setError(null)} />
      {status && <Typography role="status">{status}</Typography>}
      <Card variant="outlined">
        <Table size="small" aria-label="prediction history">
          <TableHead>
            <TableRow>
              {['File', 'Predicted', 'Confidence', 'Flagged', 'Review', 'Model', 'When'].map((h) => (
                <TableCell key={h}>{h}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {data.rows.map((r) => (
              <TableRow key={`${r.scanId}:${r.path}`} hover>
                <TableCell sx={{ maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={r.path}>
                  {r.path}
                </TableCell>
                <TableCell>{r.prediction.predicted}</TableCell>
                <TableCell>{pct(r.prediction.confidence)}</TableCell>
                <TableCell>{r.prediction.flagged ? 'yes' : ''}</TableCell>
                <TableCell>{r.review ? `${r.review.label} (${r.review.reviewer})` : ''}</TableCell>
                <TableCell>{r.prediction.modelId}</TableCell>
                <TableCell>{when(r.prediction.scannedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <TablePagination component="div" count={data.total} page={page} onPageChange={(_e, p) => setPage(p)} rowsPerPage={PAGE} rowsPerPageOptions={[PAGE]} />
      </Card>
    </Stack>
  )
}
