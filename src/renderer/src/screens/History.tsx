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
  Typography
} from '@mui/material'
import type { PredictionFilter } from '../../../shared/contract'
import { call, errorText, useCall } from '../api'
import { Notice } from '../components/Notice'
import { HistoryRow } from '../components/HistoryRow'
import { HistoryPager } from '../components/HistoryPager'
import { useHistoryPages } from '../hooks/useHistoryPages'
import { ClassSelect } from '../components/ClassSelect'
import { EMPTY_SHOWN } from '../components/select-props'
import type { ScreenProps } from './screen-props'
import { modelLabel } from '../../../shared/names'

const PAGE = 50

/**
 * Every prediction ever made: file name first (full path on hover), a thumbnail, the class now and the model's
 * answer, the model by name. Filterable by class (now or as the model said), flag, review and date; a row opens
 * that file in the review panel. Exportable as CSV. Paged by cursor; the total is exact near the page, else "more
 * than" a round number until the user asks to count them all.
 */
export function History({ navigate }: ScreenProps) {
  const models = useCall('models:list', undefined)
  const modelName = useMemo(
    () => new Map((models.data ?? []).map((m) => [m.id, modelLabel(m)])),
    [models.data]
  )
  const classes = useMemo(() => [...new Set((models.data ?? []).flatMap((m) => m.classes))], [models.data])
  const [f, setF] = useState<PredictionFilter>({ sort: 'newest' })
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const pages = useHistoryPages(f, PAGE, setError)
  const set = (patch: Partial<PredictionFilter>) => {
    pages.setPage(0)
    setF((x) => ({ ...x, ...patch }))
  }
  const bool = (v: string) => (v === '' ? undefined : v === 'yes')
  const exportCsv = async () => {
    try {
      const target = await call('dialog:save', {
        title: 'Export history',
        defaultName: 'history.csv',
        ext: 'csv'
      })
      if (target) setStatus(`Written: ${await call('predictions:export', { filter: f, ...target })}`)
    } catch (err) {
      setError(errorText(err))
    }
  }
  return (
    <Stack spacing={2}>
      <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={1} useFlexGap>
        <TextField
          size="small"
          label="Search file name or hash"
          value={f.search ?? ''}
          onChange={(e) => set({ search: e.target.value || undefined })}
          sx={{ width: 260 }}
        />
        {(
          [
            ['finalLabel', 'Class now'],
            ['predicted', 'Model said']
          ] as const
        ).map(([k, label]) => (
          <ClassSelect
            key={k}
            label={label}
            value={f[k] ?? ''}
            classes={classes}
            onChange={(v) => set({ [k]: v || undefined })}
            width={120}
          />
        ))}
        {(['flagged', 'reviewed'] as const).map((k) => (
          <TextField
            key={k}
            select
            size="small"
            label={k === 'flagged' ? 'Flagged' : 'Reviewed'}
            value={f[k] === undefined ? '' : f[k] ? 'yes' : 'no'}
            onChange={(e) => set({ [k]: bool(e.target.value) })}
            sx={{ width: 110 }}
            slotProps={EMPTY_SHOWN}
          >
            <MenuItem value="">any</MenuItem>
            <MenuItem value="yes">yes</MenuItem>
            <MenuItem value="no">no</MenuItem>
          </TextField>
        ))}
        <TextField
          size="small"
          type="date"
          label="From"
          value={f.from ?? ''}
          onChange={(e) => set({ from: e.target.value || undefined })}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          size="small"
          type="date"
          label="To"
          value={f.to ?? ''}
          onChange={(e) => set({ to: e.target.value || undefined })}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Button onClick={() => void exportCsv()}>Export CSV</Button>
      </Stack>
      <Notice error={error} onClose={() => setError(null)} />
      {status && <Typography role="status">{status}</Typography>}
      <Card variant="outlined" sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="prediction history">
          <TableHead>
            <TableRow>
              {['', 'File', 'Class now', 'Model said', 'Review', 'Model', 'When'].map((h, i) => (
                <TableCell key={i}>{h}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {pages.rows.map((r) => (
              <HistoryRow
                key={`${r.scanId}:${r.path}`}
                row={r}
                modelName={modelName.get(r.prediction.modelId) ?? r.prediction.modelId}
                onOpen={() => navigate('scan', { scanId: r.scanId, path: r.path })}
              />
            ))}
          </TableBody>
        </Table>
        <HistoryPager
          page={pages.page}
          size={PAGE}
          shown={pages.rows.length}
          total={pages.total}
          totalExact={pages.totalExact}
          onPage={pages.setPage}
          onCountAll={pages.countAll}
          counting={pages.counting}
        />
      </Card>
    </Stack>
  )
}
