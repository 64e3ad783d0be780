import { useMemo, useState } from 'react'
import { Box, Stack } from '@mui/material'
import { modelLabel } from '../../../shared/names'
import { errorText, useCall } from '../api'
import { useBackbonePrecision } from '../backbone-precision'
import { SampleSignOff } from '../components/SampleSignOff'
import type { ReportHeading } from '../components/ReportDialog'
import { ReviewDialogs } from '../components/ReviewDialogs'
import { ReviewCells } from '../components/ReviewCells'
import { LayoutSwitch, ReviewFilters, type ReviewLayout } from '../components/ReviewFilters'
import { ReviewPanel } from '../components/ReviewPanel'
import { ReviewToolbar } from '../components/ReviewToolbar'
import { ScanActions } from '../components/ScanActions'
import { ScanForm } from '../components/ScanForm'
import { ScanResultLine } from '../components/ScanResultLine'
import { SampleSignatures } from '../components/SampleSignatures'
import { useCurrentScan } from '../hooks/useCurrentScan'
import { useReviewActions } from '../hooks/useReviewActions'
import { useReviewSelection } from '../hooks/useReviewSelection'
import { useScanRun } from '../hooks/useScanRun'
import { useSession } from '../hooks/useSession'
import { exportScan } from '../logic/export-scan'
import type { ScreenProps } from './screen-props'

/**
 * Scan a folder (with the model of one's choice), then review class first: per-class counts, a grid or a
 * gallery grouped by class, colours by class and marks by review status, multi-select with bulk confirm or
 * relabel, undo, next unreviewed flagged, zoom; the action panel stays in view. Each sample's counted differential
 * (cells a person has classed, toward the target) sits below the cells with its sign-off. Reviewed cells can go into
 * a dataset for the next training.
 *
 * The cells and the panel get the height: the scan form folds to one line while a scan is shown, and the review area
 * never gets less than REVIEW_MIN_HEIGHT — where the window is too short for that, the page scrolls instead.
 */
const REVIEW_MIN_HEIGHT = 420

/** Fills its positioned parent exactly, so a virtualised list inside has a definite height to scroll in. */
const FILL = { position: 'absolute', inset: 0 } as const

export function ScanReview({ focus, navigate }: ScreenProps) {
  const scan = useCurrentScan(focus?.scanId ?? null)
  const { scans, currentScan, isFieldScan, fieldData, resultView } = scan
  const models = useCall('models:list', undefined)
  const settings = useCall('settings:get', undefined)
  const chain = useCall('review:verify', undefined)
  // On a shared database the signed-in person reviews and signs; on a workstation, the reviewer of the settings.
  const person = useSession().store?.person ?? null
  // null: the scan's own layout (fields for a whole-field scan, else the grid) until the user picks one.
  const [mode, setMode] = useState<ReviewLayout | null>(null)
  const [reportOpen, setReportOpen] = useState(false)
  const precision = useBackbonePrecision()
  const [showCam, setShowCam] = useState(false)
  const [toDataset, setToDataset] = useState(false)
  const layout = mode === 'fields' && !isFieldScan ? 'grid' : (mode ?? (isFieldScan ? 'fields' : 'grid'))
  const modelName = useMemo(
    () => new Map((models.data ?? []).map((m) => [m.id, modelLabel(m)])),
    [models.data]
  )

  // "New scan…" pressed while a scan is shown; folded again once a scan finishes.
  const [formOpen, setFormOpen] = useState(false)
  const run = useScanRun((r) => {
    if (r.fields) setMode('fields')
    setFormOpen(false)
    scan.scanned(r.scan.id)
  })
  const canFold = Boolean(currentScan) && !run.job.running
  const { setStatus } = run
  const { setError } = run.job
  const sel = useReviewSelection(scan.currentId, focus?.path ?? null, setError)
  const { row, selection, filter } = sel
  const actions = useReviewActions({
    sel,
    reviewer: person?.name ?? settings.data?.reviewer,
    fields: layout === 'fields' && fieldData ? fieldData.fields : undefined,
    onStored: scan.reviewed,
    setStatus,
    setError,
    setShowCam
  })
  const exportTo = async (kind: 'csv' | 'report', heading?: ReportHeading) => {
    if (!currentScan) return
    try {
      const written = await exportScan(currentScan, kind, heading)
      if (written !== null) setStatus(`Written: ${written}`)
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <Stack spacing={1} sx={{ minHeight: 'calc(100vh - 96px)' }}>
      <ScanForm
        run={run}
        models={models.data}
        scansError={scans.error}
        chain={chain.data}
        collapsed={canFold && !formOpen}
        onExpand={() => setFormOpen(true)}
        onCollapse={canFold ? () => setFormOpen(false) : undefined}
        actions={
          currentScan && (
            <ScanActions
              scan={currentScan}
              reviewedCount={sel.reviewedCount}
              onAddToDataset={() => setToDataset(true)}
              onExportCsv={() => void exportTo('csv')}
              onReport={() => setReportOpen(true)}
            />
          )
        }
      />
      <ReviewFilters
        scans={scans.data}
        scanId={currentScan?.id}
        onScan={scan.setScanId}
        modelName={modelName}
        classes={sel.counts.map((c) => c.label)}
        filter={filter}
        onFilter={sel.patchFilter}
      />
      <ScanResultLine view={resultView} unit={isFieldScan ? 'cell' : 'image'} />
      {person && currentScan && resultView && (
        <SampleSignatures
          scan={currentScan}
          view={resultView}
          person={person}
          modelName={modelName.get(currentScan.modelId) ?? currentScan.modelId}
          unit={isFieldScan ? 'cell' : 'image'}
        />
      )}
      <ReviewToolbar
        scan={currentScan}
        counts={sel.counts}
        classNow={filter.final}
        onClassNow={(final) => sel.patchFilter({ final })}
        summary={{
          isFieldScan,
          fieldCount: fieldData?.fields.length,
          loading: sel.loading,
          shown: sel.shown.length,
          total: sel.all.length,
          precision: currentScan ? precision.ofModel(currentScan.modelId) : '',
          selected: selection.size
        }}
        flaggedPending={sel.flaggedPending}
        reviewedCount={sel.reviewedCount}
        onNextFlagged={actions.nextFlagged}
        layoutSwitch={<LayoutSwitch layout={layout} onLayout={setMode} isFieldScan={isFieldScan} />}
      />
      <Box
        sx={{ display: 'flex', gap: 1.5, flex: `1 0 ${REVIEW_MIN_HEIGHT}px`, outline: 'none' }}
        tabIndex={0}
        onKeyDown={actions.onKey}
        aria-label="review area (keys: Enter confirm, 1-9 class (the last: unidentified), U undo, F next flagged, N/P next/previous, + - 0 zoom, G Grad-CAM, Ctrl+A select all)"
        data-testid="review-area"
      >
        <Box sx={{ flex: 1, minWidth: 0, position: 'relative' }}>
          <Box sx={FILL}>
            <ReviewCells
              empty={!currentScan && !scans.loading}
              layout={layout}
              sel={sel}
              fieldData={fieldData}
              fieldError={scan.fieldError}
              onShowClass={(c) => (sel.patchFilter({ final: c }), setMode('grid'))}
            />
          </Box>
        </Box>
        {row && (
          <Box sx={{ width: 340, flexShrink: 0, position: 'relative' }}>
            <Box sx={FILL}>
              <ReviewPanel
                key={row.path}
                row={row}
                count={selection.size > 1 ? selection.size : 1}
                modelName={modelName.get(row.prediction.modelId) ?? row.prediction.modelId}
                showCam={showCam}
                onShowCam={setShowCam}
                view={sel.view}
                onView={sel.setView}
                onReview={actions.review}
                onUndo={actions.undo}
                undoBlocked={actions.undoBlocked}
                busy={actions.busy}
              />
            </Box>
          </Box>
        )}
      </Box>
      <SampleSignOff
        key={focus?.sample ?? ''}
        scan={scan}
        first={focus?.sample}
        onAssign={(label) => actions.review(label, '')}
        setStatus={setStatus}
      />
      <ReviewDialogs
        scan={currentScan}
        report={{
          open: reportOpen,
          close: () => setReportOpen(false),
          operator: person?.name ?? settings.data?.reviewer ?? '',
          signOff: resultView?.signOff,
          save: (heading) => void exportTo('report', heading)
        }}
        reviewer={{
          asking: actions.askingReviewer,
          cancel: actions.cancelReviewer,
          save: (name) => actions.saveReviewer(name, settings.reload)
        }}
        toDataset={{ open: toDataset, close: () => setToDataset(false), reviewed: sel.reviewedCount }}
        navigate={navigate}
      />
    </Stack>
  )
}
