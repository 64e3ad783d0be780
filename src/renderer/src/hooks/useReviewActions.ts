import { useState, type KeyboardEvent } from 'react'
import type { ReviewState } from '../../../shared/types/scan'
import { differentialClasses } from '../../../shared/differential'
import { call, errorText } from '../api'
import { FIT } from '../components/CellView'
import { nextCellInField } from '../logic/field-view'
import { moveIndex, panView, reviewAction, zoomView } from '../logic/review-keys'
import { nextUnreviewedFlagged } from '../logic/review-view'
import type { ReviewSelection } from './useReviewSelection'

/** A review waiting to be stored: labels for some cells with a note, or an undo of the last batch. */
export type Pending =
  { labels: { sha256: string; predictionId: number; label: string }[]; note: string } | { undo: true }

export interface ReviewActionDeps {
  sel: ReviewSelection
  /** The reviewer's name from the settings; empty until asked. */
  reviewer: string | undefined
  /** The fields of a whole-field scan shown as fields: the next cell after a review is the next in its field. */
  fields: Parameters<typeof nextCellInField>[0] | undefined
  /** Stored reviews change the scan list, the result and the field counts: these reload them. */
  onStored: () => void
  setStatus: (s: string | null) => void
  setError: (e: string | null) => void
  setShowCam: (f: (v: boolean) => boolean) => void
}

/**
 * Confirm, relabel and undo (each stored through the engine, the reviewer's name asked once before the
 * first), next flagged, and the review area's keyboard shortcuts.
 */
export function useReviewActions({
  sel,
  reviewer,
  fields,
  onStored,
  setStatus,
  setError,
  setShowCam
}: ReviewActionDeps) {
  const [askReviewer, setAskReviewer] = useState<Pending | null>(null)
  const [busy, setBusy] = useState(false)
  const { row, cursor, shown, undoStack, setUndoStack } = sel

  const apply = (states: Map<string, ReviewState>) => {
    sel.setReviews(states)
    onStored()
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
        fields && row
          ? nextCellInField(fields, row.path)
          : cursor + 1 < shown.length
            ? shown[cursor + 1].path
            : row?.path
      const res = await call('review:submitMany', { items: p.labels, note: p.note || undefined })
      apply(new Map(p.labels.map((l, i) => [l.sha256, res[i]])))
      setUndoStack((s) => [...s, p.labels.map((l) => l.sha256)])
      if (p.labels.length > 1) {
        sel.clearSelection()
        setStatus(`Reviewed ${p.labels.length} cells.`)
      } else if (after) sel.setCursorPath((c) => (c === row?.path || c === null ? after : c))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  /** Every review goes through here: the reviewer's name is asked once, before the first. */
  const submit = (p: Pending) => {
    if (!reviewer?.trim()) setAskReviewer(p)
    else void store(p)
  }
  const review = (label: string | null, note: string) => {
    const t = sel.targets()
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
    else sel.moveTo(i)
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
      // The model's classes, then `unidentified` on the last key: the counted differential's key map.
      differentialClasses(row?.prediction.classes ?? [])
    )
    if (!action) return
    e.preventDefault()
    switch (action.kind) {
      case 'move':
        return sel.moveTo(moveIndex(cursor, action.delta, shown.length))
      case 'gradcam':
        return setShowCam((v) => !v)
      case 'nextFlagged':
        return nextFlagged()
      case 'undo':
        return undo()
      case 'zoom':
        return sel.setView((v) => zoomView(v, action.factor))
      case 'zoomReset':
        return sel.setView(FIT)
      case 'pan':
        return sel.setView((v) => panView(v, action.dx * 0.1, action.dy * 0.1))
      case 'selectAll':
        return sel.selectAll()
      case 'clearSelection':
        return sel.clearSelection()
      case 'confirm':
        return review(null, '')
      case 'relabel':
        return review(action.label, '')
    }
  }

  /** The reviewer dialog's answer: the name is saved, then the review that was waiting for it is stored. */
  const saveReviewer = (name: string, reloadSettings: () => void) => {
    const p = askReviewer
    setAskReviewer(null)
    void call('settings:set', { reviewer: name }).then(
      () => {
        reloadSettings()
        if (p) void store(p)
      },
      (err: unknown) => setError(errorText(err))
    )
  }

  return {
    busy,
    askingReviewer: askReviewer !== null,
    cancelReviewer: () => setAskReviewer(null),
    saveReviewer,
    review,
    undo,
    undoBlocked,
    nextFlagged,
    onKey
  }
}
