import { useEffect, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react'
import {
  Box,
  Button,
  Card,
  Chip,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography
} from '@mui/material'
import type { CallResponse, PredictionView, ScanSummary } from '../../../shared/contract'
import type { ReviewState } from '../../../shared/types/scan'
import { call, errorText, useCall, useJob } from '../api'
import { PathField } from '../components/PathField'
import { JobButtons, JobProgress } from '../components/JobControls'
import { Notice } from '../components/Notice'
import { SkippedFolders } from '../components/SkippedFolders'
import { useBackbonePrecision } from '../backbone-precision'
import { ThumbGrid } from '../components/ThumbGrid'
import { ClassGallery } from '../components/ClassGallery'
import { ReviewPanel } from '../components/ReviewPanel'
import { ReviewerDialog } from '../components/ReviewerDialog'
import { AddToDatasetDialog } from '../components/AddToDatasetDialog'
import { FIT } from '../components/CellView'
import { FieldView } from '../components/FieldView'
import { SampleCounts } from '../components/SampleCounts'
import { ScanResultLine } from '../components/ScanResultLine'
import { ReportDialog, type ReportHeading } from '../components/ReportDialog'
import { nextCellInField } from '../logic/field-view'
import { toneColor } from '../components/tones'
import { moveIndex, panView, reviewAction, zoomView, type View } from '../logic/review-keys'
import {
  applyFilter,
  classCounts,
  NO_FILTER,
  nextUnreviewedFlagged,
  selectClick,
  withReviews,
  type ReviewFilter
} from '../logic/review-view'
import { baseName, when } from '../logic/format'
import { EMPTY_SHOWN } from '../components/select-props'
import type { ScreenProps } from '.'
import { modelLabel } from '../../../shared/names'

const PAGE = 10_000

const SWITCH_LABELS = {
  fields: 'whole fields',
  recursive: 'sub-folders',
  tta: 'TTA',
  rescan: 'scan again'
} as const

/** Every row of one scan, in pages the contract allows; filtering and sorting then happen in memory. */
async function loadScanRows(scanId: number): Promise<PredictionView[]> {
  const rows: PredictionView[] = []
  for (;;) {
    const r = await call('predictions:query', { scanId, sort: 'path', offset: rows.length, limit: PAGE })
    rows.push(...r.rows)
    if (r.rows.length === 0 || rows.length >= r.total) return rows
  }
}

type Pending =
  { labels: { sha256: string; predictionId: number; label: string }[]; note: string } | { undo: true }

/**
 * Scan a folder (with the model of one's choice), then review class first: per-class counts, a grid or a
 * gallery grouped by class, colours by class and marks by review status, multi-select with bulk confirm or
 * relabel, undo, next unreviewed flagged, zoom; the action panel stays in view. Reviewed cells can go into a
 * dataset for the next training.
 */
export function ScanReview({ focus, navigate }: ScreenProps) {
  const [folder, setFolder] = useState('')
  const [opts, setOpts] = useState({ recursive: true, tta: false, rescan: false, fields: false })
  const [scanModel, setScanModel] = useState('')
  const job = useJob('scan')
  const { error, setError } = job
  const [status, setStatus] = useState<string | null>(null)
  // The subfolders the last scan could not enter (shown until the next scan starts).
  const [skippedFolders, setSkippedFolders] = useState<CallResponse<'scan:start'>['skippedFolders']>([])
  const scans = useCall('scans:list', undefined)
  const models = useCall('models:list', undefined)
  const settings = useCall('settings:get', undefined)
  const chain = useCall('review:verify', undefined)
  const [scanId, setScanId] = useState<number | null>(focus?.scanId ?? null)
  const [all, setAll] = useState<PredictionView[]>([])
  const [loadedFor, setLoadedFor] = useState<number | null>(null)
  const [filter, setFilter] = useState<ReviewFilter>(NO_FILTER)
  // null: the scan's own layout (fields for a whole-field scan, else the grid) until the user picks one.
  const [mode, setMode] = useState<'grid' | 'classes' | 'fields' | null>(null)
  const [reportOpen, setReportOpen] = useState(false)
  const [cursorPath, setCursorPath] = useState<string | null>(focus?.path ?? null)
  const [selected, setSelected] = useState<{ paths: Set<string>; anchor: number }>({
    paths: new Set(),
    anchor: -1
  })
  const precision = useBackbonePrecision()
  const [showCam, setShowCam] = useState(false)
  const [view, setView] = useState<View>(FIT)
  const [undoStack, setUndoStack] = useState<string[][]>([])
  const [askReviewer, setAskReviewer] = useState<Pending | null>(null)
  const [toDataset, setToDataset] = useState(false)
  const [busy, setBusy] = useState(false)

  const currentScan: ScanSummary | undefined = scans.data?.find((s) => s.id === scanId) ?? scans.data?.[0]
  const currentId = currentScan?.id
  const isFieldScan = Boolean(currentScan?.cells)
  // A whole-field scan's fields, boxes and per-sample counts (reloaded after each review: counts follow them).
  const fieldScan = useCall(
    'scan:fields',
    isFieldScan && currentId !== undefined ? { scanId: currentId } : null
  )
  const fieldData = fieldScan.data?.scanId === currentId ? fieldScan.data : undefined
  // The scan's result (withheld or not) and whether it can be signed: they follow reviews too.
  const scanResult = useCall('scan:result', currentId !== undefined ? { scanId: currentId } : null)
  const resultView = scanResult.data?.scanId === currentId ? scanResult.data : undefined
  const layout = mode === 'fields' && !isFieldScan ? 'grid' : (mode ?? (isFieldScan ? 'fields' : 'grid'))
  const modelName = useMemo(
    () => new Map((models.data ?? []).map((m) => [m.id, modelLabel(m)])),
    [models.data]
  )

  useEffect(() => {
    if (currentId === undefined) return
    let live = true
    loadScanRows(currentId).then(
      (rows) => {
        if (!live) return
        setAll(rows)
        setLoadedFor(currentId)
        // Undo and selection belong to the scan they were made on.
        setUndoStack([])
        setSelected({ paths: new Set(), anchor: -1 })
      },
      (err: unknown) => live && setError(errorText(err))
    )
    return () => {
      live = false
    }
  }, [currentId, setError])

  const loading = loadedFor !== currentId
  const shown = useMemo(() => applyFilter(all, filter), [all, filter])
  const indexOf = useMemo(() => new Map(shown.map((r, i) => [r.path, i])), [shown])
  const cursor =
    cursorPath !== null && indexOf.has(cursorPath) ? indexOf.get(cursorPath)! : shown.length ? 0 : -1
  const row = shown[cursor]
  const selection = useMemo(
    () => new Set([...selected.paths].map((p) => indexOf.get(p)).filter((i): i is number => i !== undefined)),
    [selected.paths, indexOf]
  )
  const counts = useMemo(() => classCounts(all), [all])
  const reviewedCount = useMemo(() => all.filter((r) => r.review).length, [all])
  const flaggedPending = useMemo(() => all.filter((r) => r.prediction.flagged && !r.review).length, [all])

  const moveTo = (i: number) => {
    if (i < 0 || !shown[i]) return
    setCursorPath(shown[i].path)
    setView(FIT)
  }
  const onThumb = (i: number, e: MouseEvent) => {
    const s = selectClick(selection, selected.anchor, i, {
      shift: e.shiftKey,
      toggle: e.ctrlKey || e.metaKey
    })
    setSelected({ paths: new Set([...s.selection].map((k) => shown[k].path)), anchor: s.anchor })
    moveTo(i)
  }
  const targets = (): PredictionView[] =>
    selection.size > 1 ? [...selection].sort((a, b) => a - b).map((i) => shown[i]) : row ? [row] : []

  const apply = (states: Map<string, ReviewState>) => {
    setAll((rs) => withReviews(rs, states))
    scans.reload()
    scanResult.reload()
    if (isFieldScan) fieldScan.reload()
  }
  const rowByPath = useMemo(() => new Map(all.map((r) => [r.path, r])), [all])
  /** A box clicked in the field view: that cell goes to the review panel (shown even if a filter hid it). */
  const pickCell = (cropPath: string) => {
    if (!rowByPath.has(cropPath)) return
    if (!indexOf.has(cropPath)) setFilter((f) => ({ ...NO_FILTER, sort: f.sort }))
    setSelected({ paths: new Set([cropPath]), anchor: indexOf.get(cropPath) ?? -1 })
    setCursorPath(cropPath)
    setView(FIT)
  }
  const store = async (p: Pending) => {
    setBusy(true)
    try {
      if ('undo' in p) {
        const batch = undoStack[undoStack.length - 1] ?? (row?.review ? [row.sha256] : [])
        const states = new Map<string, ReviewState>()
        for (const sha256 of batch) states.set(sha256, await call('review:undo', { sha256 }))
        setUndoStack((s) => s.slice(0, -1))
        apply(states)
        setStatus(
          `Undone: ${batch.length} cell${batch.length === 1 ? '' : 's'} back to the label before (a new audit entry each).`
        )
        return
      }
      const after =
        layout === 'fields' && row && fieldData
          ? nextCellInField(fieldData.fields, row.path)
          : cursor + 1 < shown.length
            ? shown[cursor + 1].path
            : row?.path
      const res = await call('review:submitMany', { items: p.labels, note: p.note || undefined })
      apply(new Map(p.labels.map((l, i) => [l.sha256, res[i]])))
      setUndoStack((s) => [...s, p.labels.map((l) => l.sha256)])
      if (p.labels.length > 1) {
        setSelected({ paths: new Set(), anchor: -1 })
        setStatus(`Reviewed ${p.labels.length} cells.`)
      } else if (after) setCursorPath((c) => (c === row?.path || c === null ? after : c))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  /** Every review goes through here: the reviewer's name is asked once, before the first. */
  const submit = (p: Pending) => {
    if (!settings.data?.reviewer.trim()) setAskReviewer(p)
    else void store(p)
  }
  const review = (label: string | null, note: string) => {
    const t = targets()
    if (t.length)
      submit({
        labels: t.map((r) => ({
          sha256: r.sha256,
          predictionId: r.prediction.id,
          label: label ?? r.prediction.predicted
        })),
        note
      })
  }
  const undoBlocked = undoStack.length
    ? null
    : row?.review
      ? null
      : 'Nothing to undo: no review yet in this session, and this cell has none'
  const undo = () => {
    if (!undoBlocked) submit({ undo: true })
  }
  const nextFlagged = () => {
    const i = nextUnreviewedFlagged(shown, cursor)
    if (i < 0) setStatus('No flagged cell is left to review in this list.')
    else moveTo(i)
  }

  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement
    const action = reviewAction(
      {
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        shiftKey: e.shiftKey,
        targetIsTextField: target.tagName === 'INPUT' || target.tagName === 'TEXTAREA'
      },
      row?.prediction.classes ?? []
    )
    if (!action) return
    e.preventDefault()
    switch (action.kind) {
      case 'move':
        return moveTo(moveIndex(cursor, action.delta, shown.length))
      case 'gradcam':
        return setShowCam((v) => !v)
      case 'nextFlagged':
        return nextFlagged()
      case 'undo':
        return undo()
      case 'zoom':
        return setView((v) => zoomView(v, action.factor))
      case 'zoomReset':
        return setView(FIT)
      case 'pan':
        return setView((v) => panView(v, action.dx * 0.1, action.dy * 0.1))
      case 'selectAll':
        return setSelected({ paths: new Set(shown.map((r) => r.path)), anchor: cursor })
      case 'clearSelection':
        return setSelected({ paths: new Set(), anchor: -1 })
      case 'confirm':
        return review(null, '')
      case 'relabel':
        return review(action.label, '')
    }
  }

  const start = async () => {
    setStatus(null)
    setSkippedFolders([])
    const r = await job.run((jobId) =>
      call('scan:start', { jobId, folder: folder.trim(), modelId: scanModel || undefined, ...opts })
    )
    if (!r) return
    const cancelled = r.scan.status === 'cancelled' ? ' (cancelled; finished results kept)' : ''
    const skipped = r.skippedFolders.length ? `, ${r.skippedFolders.length} subfolder(s) not read` : ''
    if (r.fields) {
      const none = r.fields.withoutCells.length
      setStatus(
        `Scanned ${r.fields.fields} fields: ${r.scan.cells} white cells found, ${r.scan.flagged} flagged, ${r.unreadable.length} unreadable${skipped}${none ? `; no white cell in ${none} field${none === 1 ? '' : 's'} (${r.fields.withoutCells.map(baseName).join(', ')})` : ''}${cancelled}.`
      )
      setMode('fields')
    } else
      setStatus(
        `Scanned ${r.scan.files} files: ${r.scan.flagged} flagged, ${r.unreadable.length} unreadable${skipped}${cancelled}.`
      )
    setSkippedFolders(r.skippedFolders)
    setScanId(r.scan.id)
    scans.reload()
    scanResult.reload()
  }
  const exportTo = async (kind: 'csv' | 'report', heading?: ReportHeading) => {
    if (!currentScan) return
    try {
      const target = await call('dialog:save', {
        title: kind === 'csv' ? 'Export CSV' : 'Save report',
        defaultName: `scan-${currentScan.id}.${kind === 'csv' ? 'csv' : 'html'}`,
        ext: kind === 'csv' ? 'csv' : 'html'
      })
      if (!target) return
      const written =
        kind === 'csv'
          ? await call('predictions:export', { filter: { scanId: currentScan.id }, ...target })
          : await call('report:write', {
              scanId: currentScan.id,
              ...target,
              sampleId: heading?.sampleId || undefined,
              operator: heading?.operator || undefined
            })
      setStatus(`Written: ${written}`)
    } catch (err) {
      setError(errorText(err))
    }
  }
  const set = (patch: Partial<ReviewFilter>) => setFilter((f) => ({ ...f, ...patch }))
  const classes = counts.map((c) => c.label)
  const noScan = 'Scan a folder first'
  const activeModel = models.data?.find((m) => m.active)

  return (
    <Stack spacing={1.5} sx={{ height: 'calc(100vh - 96px)', minHeight: 560 }}>
      <Card variant="outlined" sx={{ p: 1.5, flexShrink: 0 }}>
        <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1} useFlexGap>
          {/* the folder keeps a readable width: the row wraps before the path is squeezed */}
          <Box sx={{ flex: '1 1 360px', minWidth: 360, display: 'flex' }}>
            <PathField
              id="scan-folder"
              label="Folder to scan"
              value={folder}
              onChange={setFolder}
              kind="folder"
              onError={setError}
            />
          </Box>
          <TextField
            select
            size="small"
            label="Model"
            id="scan-model"
            value={scanModel}
            onChange={(e) => setScanModel(e.target.value)}
            sx={{ minWidth: 200 }}
            slotProps={EMPTY_SHOWN}
          >
            <MenuItem value="">active{activeModel ? ` (${modelLabel(activeModel)})` : ''}</MenuItem>
            {(models.data ?? []).map((m) => (
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
          <JobButtons job={job} label="Scan" canStart={Boolean(folder.trim())} onStart={() => void start()} />
        </Stack>
        <JobProgress job={job} />
        <Notice error={error ?? scans.error} onClose={() => setError(null)} />
        {status && (
          <Typography role="status" variant="body2" sx={{ mt: 0.5 }}>
            {status}
          </Typography>
        )}
        <SkippedFolders folders={skippedFolders} />
        {chain.data && (
          <Typography variant="caption" color={chain.data.ok ? 'text.secondary' : 'error'}>
            {chain.data.ok
              ? `Review audit log: ${chain.data.entries} entries, hash chain intact`
              : `Review audit log: the hash chain is broken at entry ${chain.data.broken?.id} — ${chain.data.broken?.reason}`}
          </Typography>
        )}
      </Card>
      <Stack
        sx={{ alignItems: 'center', flexWrap: 'wrap', flexShrink: 0 }}
        direction="row"
        spacing={1}
        useFlexGap
      >
        <TextField
          select
          size="small"
          label="Scan"
          value={currentScan?.id ?? ''}
          onChange={(e) => setScanId(Number(e.target.value))}
          sx={{ width: 230 }}
        >
          {(scans.data ?? []).map((s) => (
            <MenuItem key={s.id} value={s.id}>
              #{s.id} {s.kind === 'quick' ? 'quick check' : s.folder} ·{' '}
              {modelName.get(s.modelId) ?? s.modelId} ·{' '}
              {s.cells ? `whole fields, ${s.cells} cells` : `${s.files} files`} · {when(s.startedAt)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Class now"
          value={filter.final}
          onChange={(e) => set({ final: e.target.value })}
          sx={{ width: 105 }}
          slotProps={EMPTY_SHOWN}
        >
          <MenuItem value="">any</MenuItem>
          {classes.map((c) => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Model said"
          value={filter.model}
          onChange={(e) => set({ model: e.target.value })}
          sx={{ width: 105 }}
          slotProps={EMPTY_SHOWN}
        >
          <MenuItem value="">any</MenuItem>
          {classes.map((c) => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Review"
          value={filter.status}
          onChange={(e) => set({ status: e.target.value as ReviewFilter['status'] })}
          sx={{ width: 112 }}
        >
          {['any', 'pending', 'confirmed', 'relabelled'].map((v) => (
            <MenuItem key={v} value={v}>
              {v}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Flagged"
          value={filter.flagged}
          onChange={(e) => set({ flagged: e.target.value as ReviewFilter['flagged'] })}
          sx={{ width: 90 }}
        >
          <MenuItem value="any">any</MenuItem>
          <MenuItem value="yes">yes</MenuItem>
          <MenuItem value="no">no</MenuItem>
        </TextField>
        <TextField
          select
          size="small"
          label="Sort"
          value={filter.sort}
          onChange={(e) => set({ sort: e.target.value as ReviewFilter['sort'] })}
          sx={{ width: 165 }}
        >
          <MenuItem value="confidence-asc">least confident first</MenuItem>
          <MenuItem value="confidence-desc">most confident first</MenuItem>
          <MenuItem value="path">by file name</MenuItem>
          <MenuItem value="newest">newest first</MenuItem>
        </TextField>
        <TextField
          size="small"
          label="File name"
          value={filter.search}
          onChange={(e) => set({ search: e.target.value })}
          sx={{ width: 120 }}
        />
        <ToggleButtonGroup
          size="small"
          exclusive
          value={layout}
          onChange={(_e, v: 'grid' | 'classes' | 'fields' | null) => v && setMode(v)}
          aria-label="layout"
        >
          <ToggleButton value="grid">Grid</ToggleButton>
          <ToggleButton value="classes">By class</ToggleButton>
          {isFieldScan && <ToggleButton value="fields">Fields</ToggleButton>}
        </ToggleButtonGroup>
      </Stack>
      <ScanResultLine view={resultView} unit={isFieldScan ? 'cell' : 'image'} />
      <Stack
        sx={{ alignItems: 'center', flexWrap: 'wrap', flexShrink: 0 }}
        direction="row"
        spacing={1}
        useFlexGap
        aria-label="class counts"
      >
        {counts.map((c) => (
          <Chip
            key={c.label}
            clickable
            onClick={() => set({ final: filter.final === c.label ? '' : c.label })}
            variant={filter.final === c.label ? 'filled' : 'outlined'}
            label={`${c.label} ${c.final}${c.model !== c.final ? ` (model ${c.model})` : ''} · ${c.pending} pending`}
            sx={{
              fontWeight: 700,
              borderWidth: 2,
              borderColor: (t) => toneColor(t, c.tone),
              color: (t) => (filter.final === c.label ? '#fff' : toneColor(t, c.tone)),
              bgcolor: (t) => (filter.final === c.label ? toneColor(t, c.tone) : undefined)
            }}
          />
        ))}
        {currentScan && (
          <Typography variant="body2" color="text.secondary" data-testid="review-summary">
            {isFieldScan &&
              `${currentScan.cells} white cells in ${fieldData?.fields.length ?? '…'} fields · `}
            {loading ? 'loading…' : `${shown.length} shown of ${all.length}`} · {reviewedCount} reviewed ·{' '}
            {flaggedPending} flagged to review · {currentScan.unreadable} unreadable
            {precision.ofModel(currentScan.modelId) &&
              ` · ${precision.ofModel(currentScan.modelId)} backbone`}
            {selection.size > 1 ? ` · ${selection.size} selected` : ''}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        <Tooltip
          title={
            currentScan
              ? flaggedPending
                ? 'Go to the next flagged cell nobody has reviewed (F)'
                : 'No flagged cell is waiting'
              : noScan
          }
        >
          <span>
            <Button
              size="small"
              variant="outlined"
              disabled={!currentScan || !flaggedPending}
              onClick={nextFlagged}
            >
              Next flagged (F)
            </Button>
          </span>
        </Tooltip>
        <Tooltip
          title={
            !currentScan
              ? noScan
              : reviewedCount
                ? 'Put the reviewed cells into a dataset for the next training'
                : 'Review some cells first'
          }
        >
          <span>
            <Button size="small" disabled={!currentScan || !reviewedCount} onClick={() => setToDataset(true)}>
              Add reviewed to dataset…
            </Button>
          </span>
        </Tooltip>
        <Tooltip title={currentScan ? 'All files of this scan as CSV' : noScan}>
          <span>
            <Button size="small" disabled={!currentScan} onClick={() => void exportTo('csv')}>
              Export CSV
            </Button>
          </span>
        </Tooltip>
        <Tooltip title={currentScan ? 'A printable HTML report of this scan' : noScan}>
          <span>
            <Button size="small" disabled={!currentScan} onClick={() => setReportOpen(true)}>
              Report
            </Button>
          </span>
        </Tooltip>
      </Stack>
      <Box
        sx={{ display: 'flex', gap: 1.5, flex: 1, minHeight: 0, outline: 'none' }}
        tabIndex={0}
        onKeyDown={onKey}
        aria-label="review area (keys: Enter confirm, 1-9 relabel, U undo, F next flagged, N/P next/previous, + - 0 zoom, G Grad-CAM, Ctrl+A select all)"
        data-testid="review-area"
      >
        <Box sx={{ flex: 1, minWidth: 0, height: '100%' }}>
          {!currentScan && !scans.loading ? (
            <Typography color="text.secondary" sx={{ p: 2 }}>
              No scans yet: choose a folder above and press Scan.
            </Typography>
          ) : layout === 'fields' ? (
            <Stack spacing={1} sx={{ height: '100%' }}>
              {fieldScan.error && <Notice error={fieldScan.error} />}
              <SampleCounts samples={fieldData?.samples ?? []} />
              <Box sx={{ flex: 1, minHeight: 0 }}>
                {fieldData && (
                  <FieldView
                    fields={fieldData.fields}
                    rows={rowByPath}
                    currentPath={row?.path ?? null}
                    onPick={pickCell}
                  />
                )}
              </Box>
            </Stack>
          ) : layout === 'grid' ? (
            <ThumbGrid rows={shown} current={cursor} selection={selection} onClick={onThumb} />
          ) : (
            <ClassGallery
              rows={shown}
              current={cursor}
              selection={selection}
              onClick={onThumb}
              onShowClass={(c) => (set({ final: c }), setMode('grid'))}
            />
          )}
        </Box>
        {row && (
          <ReviewPanel
            key={row.path}
            row={row}
            count={selection.size > 1 ? selection.size : 1}
            modelName={modelName.get(row.prediction.modelId) ?? row.prediction.modelId}
            showCam={showCam}
            onShowCam={setShowCam}
            view={view}
            onView={setView}
            onReview={review}
            onUndo={undo}
            undoBlocked={undoBlocked}
            busy={busy}
          />
        )}
      </Box>
      {reportOpen && (
        <ReportDialog
          open
          defaults={{
            sampleId: currentScan ? baseName(currentScan.folder) : '',
            operator: settings.data?.reviewer ?? ''
          }}
          signOff={resultView?.signOff}
          onCancel={() => setReportOpen(false)}
          onSave={(heading) => {
            setReportOpen(false)
            void exportTo('report', heading)
          }}
        />
      )}
      <ReviewerDialog
        open={askReviewer !== null}
        onCancel={() => setAskReviewer(null)}
        onSave={(name) => {
          const p = askReviewer
          setAskReviewer(null)
          void call('settings:set', { reviewer: name }).then(
            () => {
              settings.reload()
              if (p) void store(p)
            },
            (err: unknown) => setError(errorText(err))
          )
        }}
      />
      {currentScan && (
        <AddToDatasetDialog
          open={toDataset}
          scanId={currentScan.id}
          reviewed={reviewedCount}
          onClose={() => setToDataset(false)}
          onRetrain={(dataset) => navigate('training', { dataset })}
        />
      )}
    </Stack>
  )
}
