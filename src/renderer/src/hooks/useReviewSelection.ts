import { useEffect, useMemo, useState, type MouseEvent } from 'react'
import type { PredictionView } from '../../../shared/contract'
import type { ReviewState } from '../../../shared/types/scan'
import { call, errorText } from '../api'
import { FIT } from '../components/CellView'
import type { View } from '../logic/review-keys'
import {
  applyFilter,
  classCounts,
  NO_FILTER,
  selectClick,
  withReviews,
  type ReviewFilter
} from '../logic/review-view'

const PAGE = 10_000

/** Every row of one scan, in pages the contract allows; filtering and sorting then happen in memory. */
async function loadScanRows(scanId: number): Promise<PredictionView[]> {
  const rows: PredictionView[] = []
  let after: string | undefined
  for (;;) {
    const r = await call('predictions:query', { scanId, sort: 'path', after, limit: PAGE })
    rows.push(...r.rows)
    if (!r.next) return rows
    after = r.next
  }
}

const NONE_SELECTED = (): { paths: Set<string>; anchor: number } => ({ paths: new Set(), anchor: -1 })

/**
 * The rows of the scan under review and where the reviewer is in them: the filter, the cursor (kept by
 * path, so it survives re-sorting), the multi-selection, the zoom view and the undo stack of this session.
 */
export function useReviewSelection(
  currentId: number | undefined,
  focusPath: string | null,
  setError: (e: string | null) => void
) {
  const [all, setAll] = useState<PredictionView[]>([])
  const [loadedFor, setLoadedFor] = useState<number | null>(null)
  const [filter, setFilter] = useState<ReviewFilter>(NO_FILTER)
  const [cursorPath, setCursorPath] = useState<string | null>(focusPath)
  const [selected, setSelected] = useState<{ paths: Set<string>; anchor: number }>(NONE_SELECTED)
  const [view, setView] = useState<View>(FIT)
  const [undoStack, setUndoStack] = useState<string[][]>([])

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
  const rowByPath = useMemo(() => new Map(all.map((r) => [r.path, r])), [all])

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
  /** The cells a review acts on: the selection when several are selected, else the current cell. */
  const targets = (): PredictionView[] =>
    selection.size > 1 ? [...selection].sort((a, b) => a - b).map((i) => shown[i]) : row ? [row] : []
  /** A box clicked in the field view: that cell goes to the review panel (shown even if a filter hid it). */
  const pickCell = (cropPath: string) => {
    if (!rowByPath.has(cropPath)) return
    if (!indexOf.has(cropPath)) setFilter((f) => ({ ...NO_FILTER, sort: f.sort }))
    setSelected({ paths: new Set([cropPath]), anchor: indexOf.get(cropPath) ?? -1 })
    setCursorPath(cropPath)
    setView(FIT)
  }
  const setReviews = (states: Map<string, ReviewState>) => setAll((rs) => withReviews(rs, states))
  const selectAll = () => setSelected({ paths: new Set(shown.map((r) => r.path)), anchor: cursor })
  const clearSelection = () => setSelected(NONE_SELECTED())
  const patchFilter = (patch: Partial<ReviewFilter>) => setFilter((f) => ({ ...f, ...patch }))

  return {
    all,
    loading,
    filter,
    patchFilter,
    shown,
    cursor,
    row,
    selection,
    counts,
    reviewedCount,
    flaggedPending,
    rowByPath,
    view,
    setView,
    undoStack,
    setUndoStack,
    setCursorPath,
    moveTo,
    onThumb,
    targets,
    pickCell,
    setReviews,
    selectAll,
    clearSelection
  }
}

export type ReviewSelection = ReturnType<typeof useReviewSelection>
