import { useState } from 'react'
import { Stack } from '@mui/material'
import type { ScanSummary } from '../../../shared/contract'
import { errorText, useCall } from '../api'
import { useBackbonePrecision } from '../backbone-precision'
import { useModels } from '../hooks/useModels'
import { SampleSignOff } from '../components/SampleSignOff'
import type { ReportHeading } from '../components/ReportDialog'
import { ReviewDialogs } from '../components/ReviewDialogs'
import { ReviewArea } from '../components/ReviewArea'
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
import { useReviewSelection, type ReviewSelection } from '../hooks/useReviewSelection'
import { useScanRun, type ScanStartResult } from '../hooks/useScanRun'
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

/** Writes the scan's CSV or report where the user chooses, saying where or what went wrong. */
function exporter(
  scan: ScanSummary | undefined,
  setStatus: (s: string) => void,
  setError: (e: string) => void
) {
  return async (kind: 'csv' | 'report', heading?: ReportHeading) => {
    if (!scan) return
    try {
      const written = await exportScan(scan, kind, heading)
      if (written !== null) setStatus(`Written: ${written}`)
    } catch (err) {
      setError(errorText(err))
    }
  }
}

/**
 * The scan job with its form's fold: folded to one line while a scan is shown and none runs, unless "New scan…"
 * opened it; folded again once a scan finishes.
 */
function useFoldingScanForm(scanShown: boolean, onScanned: (r: ScanStartResult) => void) {
  const [formOpen, setFormOpen] = useState(false)
  const run = useScanRun((r) => {
    setFormOpen(false)
    onScanned(r)
  })
  const canFold = scanShown && !run.job.running
  return {
    run,
    fold: {
      collapsed: canFold && !formOpen,
      onExpand: () => setFormOpen(true),
      onCollapse: canFold ? () => setFormOpen(false) : undefined
    }
  }
}

function selectionSummary(sel: ReviewSelection) {
  return {
    loading: sel.loading,
    shown: sel.shown.length,
    total: sel.all.length,
    selected: sel.selection.size
  }
}

export function ScanReview({ focus, navigate }: ScreenProps) {
  const scan = useCurrentScan(focus?.scanId ?? null)
  const { scans, currentScan, isFieldScan, fieldData, resultView } = scan
  const { models, modelName } = useModels()
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

  const { run, fold } = useFoldingScanForm(Boolean(currentScan), (r) => {
    if (r.fields) setMode('fields')
    scan.scanned(r.scan.id)
  })
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
  const exportTo = exporter(currentScan, setStatus, setError)

  return (
    <Stack spacing={1} sx={{ minHeight: 'calc(100vh - 96px)' }}>
      <ScanForm
        run={run}
        models={models.data}
        scansError={scans.error}
        chain={chain.data}
        {...fold}
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
          ...selectionSummary(sel),
          precision: currentScan ? precision.ofModel(currentScan.modelId) : ''
        }}
        flaggedPending={sel.flaggedPending}
        reviewedCount={sel.reviewedCount}
        onNextFlagged={actions.nextFlagged}
        layoutSwitch={<LayoutSwitch layout={layout} onLayout={setMode} isFieldScan={isFieldScan} />}
      />
      <ReviewArea
        minHeight={REVIEW_MIN_HEIGHT}
        onKey={actions.onKey}
        cells={
          <ReviewCells
            empty={!currentScan && !scans.loading}
            layout={layout}
            sel={sel}
            fieldData={fieldData}
            fieldError={scan.fieldError}
            onShowClass={(c) => (sel.patchFilter({ final: c }), setMode('grid'))}
          />
        }
        panel={
          row && (
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
          )
        }
      />
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
