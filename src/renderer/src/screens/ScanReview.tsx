import { useEffect, useMemo, useState, type KeyboardEvent } from 'react'
import { Box, Button, Card, CardContent, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material'
import type { PredictionFilter, PredictionView, ScanSummary } from '../../../shared/contract'
import { call, errorText, useCall, useJob } from '../api'
import { PathField } from '../components/PathField'
import { JobButtons, JobProgress } from '../components/JobControls'
import { Notice } from '../components/Notice'
import { useBackbonePrecision } from '../backbone-precision'
import { ThumbGrid } from '../components/ThumbGrid'
import { ReviewPanel } from '../components/ReviewPanel'
import { moveIndex, reviewAction } from '../logic/review-keys'
import { when } from '../logic/format'
import type { ScreenProps } from '.'

type Tri = 'any' | 'yes' | 'no'
const tri = (v: Tri): boolean | undefined => (v === 'any' ? undefined : v === 'yes')

/**
 * Scan a folder with live progress, then review: a virtualised thumbnail grid with filters and sort by
 * confidence, a detail panel with probabilities and Grad-CAM, keyboard review, CSV and report export.
 */
export function ScanReview(_props: ScreenProps) {
  const [folder, setFolder] = useState('')
  const [opts, setOpts] = useState({ recursive: true, tta: false, rescan: false })
  const job = useJob('scan')
  const { error, setError } = job
  const [status, setStatus] = useState<string | null>(null)
  const scans = useCall('scans:list', undefined)
  const chain = useCall('review:verify', undefined)
  const precision = useBackbonePrecision()
  const [scanId, setScanId] = useState<number | null>(null)
  const [filter, setFilter] = useState<{ predicted: string; flagged: Tri; reviewed: Tri; sort: NonNullable<PredictionFilter['sort']> }>({ predicted: '', flagged: 'any', reviewed: 'any', sort: 'confidence-asc' })
  const [rows, setRows] = useState<PredictionView[]>([])
  const [selected, setSelected] = useState(-1)
  const [showCam, setShowCam] = useState(false)

  const currentScan: ScanSummary | undefined = scans.data?.find((s) => s.id === scanId) ?? scans.data?.[0]
  // Rows are fetched per scan and filter only: refreshing the scan's counts after a review must not reorder
  // or drop rows under the reviewer's cursor.
  const currentId = currentScan?.id
  const query: PredictionFilter | null = useMemo(
    () => (currentId !== undefined ? { scanId: currentId, predicted: filter.predicted || undefined, flagged: tri(filter.flagged), reviewed: tri(filter.reviewed), sort: filter.sort } : null),
    [currentId, filter]
  )
  useEffect(() => {
    if (!query) return
    let live = true
    call('predictions:query', query).then(
      (r) => live && setRows(r.rows),
      (err: unknown) => live && setError(errorText(err))
    )
    return () => {
      live = false
    }
  }, [query, setError])
  const start = async () => {
    setStatus(null)
    const r = await job.run((jobId) => call('scan:start', { jobId, folder: folder.trim(), ...opts }))
    if (!r) return
    setStatus(`Scanned ${r.scan.files} files: ${r.scan.flagged} flagged, ${r.unreadable.length} unreadable${r.scan.status === 'cancelled' ? ' (cancelled; finished results kept)' : ''}.`)
    setScanId(r.scan.id)
    scans.reload()
  }

  const review = async (label: string, note: string) => {
    const reviewed = selected
    const row = rows[reviewed]
    if (!row) return
    try {
      const state = await call('review:submit', { sha256: row.sha256, predictionId: row.prediction.id, label, note: note || undefined })
      setRows((rs) => rs.map((r) => (r.sha256 === row.sha256 ? { ...r, review: state } : r)))
      scans.reload()
      // Advance from the reviewed image only if the reviewer is still on it: a key pressed while the review
      // was being stored (N/P) has already chosen where to go.
      setSelected((i) => (i === reviewed ? moveIndex(reviewed, 1, rows.length) : i))
    } catch (err) {
      setError(errorText(err))
    }
  }
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement
    const action = reviewAction({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, targetIsTextField: target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' }, rows[selected]?.prediction.classes ?? [])
    if (!action) return
    e.preventDefault()
    if (action.kind === 'move') setSelected((i) => moveIndex(i, action.delta, rows.length))
    else if (action.kind === 'gradcam') setShowCam((v) => !v)
    else if (rows[selected]) void review(action.kind === 'confirm' ? rows[selected].prediction.predicted : action.label, '')
  }
  const exportTo = async (kind: 'csv' | 'report') => {
    if (!currentScan) return
    try {
      const file = await call('dialog:save', { title: kind === 'csv' ? 'Export CSV' : 'Save report', defaultName: `scan-${currentScan.id}.${kind === 'csv' ? 'csv' : 'html'}`, ext: kind === 'csv' ? 'csv' : 'html' })
      if (!file) return
      const written = kind === 'csv' ? await call('predictions:export', { filter: { scanId: currentScan.id }, file }) : await call('report:write', { scanId: currentScan.id, file })
      setStatus(`Written: ${written}`)
    } catch (err) {
      setError(errorText(err))
    }
  }

  const classes = Object.keys(currentScan?.countsByClass ?? {})
  return (
    <Stack spacing={2}>
      <Card variant="outlined">
        <CardContent>
          <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1} useFlexGap>
            <PathField id="scan-folder" label="Folder to scan" value={folder} onChange={setFolder} kind="folder" onError={setError} />
            {(['recursive', 'tta', 'rescan'] as const).map((k) => (
              <FormControlLabel key={k} control={<Switch checked={opts[k]} onChange={(e) => setOpts({ ...opts, [k]: e.target.checked })} />} label={k === 'tta' ? 'TTA' : k} />
            ))}
            <JobButtons job={job} label="Scan" canStart={Boolean(folder.trim())} onStart={() => void start()} />
          </Stack>
          <JobProgress job={job} />
          <Notice error={error ?? scans.error} onClose={() => setError(null)} />
          {status && <Typography role="status">{status}</Typography>}
          {chain.data && (
            <Typography variant="caption" color={chain.data.ok ? 'text.secondary' : 'error'}>
              {chain.data.ok ? `Review audit log: ${chain.data.entries} entries, hash chain intact` : `Review audit log: the hash chain is broken at entry ${chain.data.broken?.id} — ${chain.data.broken?.reason}`}
            </Typography>
          )}
        </CardContent>
      </Card>
      <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1} useFlexGap>
        <TextField select size="small" label="Scan" value={currentScan?.id ?? ''} onChange={(e) => setScanId(Number(e.target.value))} sx={{ minWidth: 320 }}>
          {(scans.data ?? []).map((s) => (
            <MenuItem key={s.id} value={s.id}>
              #{s.id} {s.kind === 'quick' ? 'quick check' : s.folder} · {s.files} files · {when(s.startedAt)}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label="Class" value={filter.predicted} onChange={(e) => setFilter({ ...filter, predicted: e.target.value })} sx={{ width: 120 }}>
          <MenuItem value="">all</MenuItem>
          {classes.map((c) => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
        {(['flagged', 'reviewed'] as const).map((k) => (
          <TextField key={k} select size="small" label={k} value={filter[k]} onChange={(e) => setFilter({ ...filter, [k]: e.target.value as Tri })} sx={{ width: 110 }}>
            <MenuItem value="any">any</MenuItem>
            <MenuItem value="yes">yes</MenuItem>
            <MenuItem value="no">no</MenuItem>
          </TextField>
        ))}
        <TextField select size="small" label="Sort" value={filter.sort} onChange={(e) => setFilter({ ...filter, sort: e.target.value as typeof filter.sort })} sx={{ width: 190 }}>
          <MenuItem value="confidence-asc">least confident first</MenuItem>
          <MenuItem value="confidence-desc">most confident first</MenuItem>
          <MenuItem value="path">by file name</MenuItem>
          <MenuItem value="newest">newest first</MenuItem>
        </TextField>
        <Button disabled={!currentScan} onClick={() => void exportTo('csv')}>
          Export CSV
        </Button>
        <Button disabled={!currentScan} onClick={() => void exportTo('report')}>
          Report
        </Button>
      </Stack>
      {currentScan && (
        <Typography variant="body2" color="text.secondary">
          {rows.length} shown · {currentScan.files} files · {currentScan.flagged} flagged · {currentScan.reviewed} reviewed · {currentScan.unreadable} unreadable{precision.ofModel(currentScan.modelId) && ` · ${precision.ofModel(currentScan.modelId)} backbone`}. Keys: Enter confirm, 1–9 relabel, N/P or arrows next/previous, G Grad-CAM.
        </Typography>
      )}
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }} tabIndex={0} onKeyDown={onKey} aria-label="review area (keyboard: Enter confirm, 1-9 relabel, N next, P previous, G Grad-CAM)" data-testid="review-area">
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <ThumbGrid rows={rows} selected={selected} onSelect={setSelected} />
        </Box>
        {rows[selected] && <ReviewPanel key={rows[selected].path} row={rows[selected]} showCam={showCam} onShowCam={setShowCam} onReview={(label, note) => void review(label, note)} />}
      </Box>
    </Stack>
  )
}
