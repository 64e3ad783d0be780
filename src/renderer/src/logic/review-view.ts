/**
 * What the review screen shows about each scanned cell, as pure functions (unit-tested without a DOM): the
 * review status, the caption, the class tone, and filtering / sorting / counting on the scan's rows in memory —
 * the whole scan is loaded once, so a filter change never waits for the engine.
 */
import type { PredictionView } from '../../../shared/contract'
import type { ReviewState } from '../../../shared/types/scan'
import { pct } from './format'

export type ReviewStatus = 'pending' | 'confirmed' | 'relabelled'
/** ALL is the finding (red); HEM is normal (neutral); anything else (unfamiliar, unreadable…) stands apart. */
export type ClassTone = 'all' | 'hem' | 'other'

export const finalLabel = (r: PredictionView): string => r.review?.label ?? r.prediction.predicted

export function reviewStatus(r: PredictionView): ReviewStatus {
  if (!r.review) return 'pending'
  return r.review.label === r.prediction.predicted ? 'confirmed' : 'relabelled'
}

export function classTone(label: string): ClassTone {
  const l = label.toLowerCase()
  return l === 'all' ? 'all' : l === 'hem' ? 'hem' : 'other'
}

/** "ALL 91% ✓", "model HEM 72% → ALL", "HEM 72% · flagged". */
export function caption(r: PredictionView): string {
  const p = r.prediction
  switch (reviewStatus(r)) {
    case 'confirmed':
      return `${p.predicted} ${pct(p.confidence, 0)} ✓`
    case 'relabelled':
      return `model ${p.predicted} ${pct(p.confidence, 0)} → ${r.review!.label}`
    default:
      return `${p.predicted} ${pct(p.confidence, 0)}${p.flagged ? ' · flagged' : ''}`
  }
}

/** The caption a thumbnail has room for: the arrow keeps the model's answer on its left ("HEM 72% → ALL"). */
export function shortCaption(r: PredictionView): string {
  const c = caption(r)
  return c.startsWith('model ') ? c.slice(6) : c
}

export type Sort = 'confidence-asc' | 'confidence-desc' | 'path' | 'newest'

export interface ReviewFilter {
  /** The label the cell has now ('' = any). */
  final: string
  /** The model's answer ('' = any). */
  model: string
  status: 'any' | ReviewStatus
  flagged: 'any' | 'yes' | 'no'
  search: string
  sort: Sort
}

export const NO_FILTER: ReviewFilter = {
  final: '',
  model: '',
  status: 'any',
  flagged: 'any',
  search: '',
  sort: 'confidence-asc'
}

/** A cell of a whole field sorts and is searched by its field and number, not by its crop file. */
function pathKey(r: PredictionView): string {
  return r.field ? `${r.field.path}\u0000${String(r.field.cell).padStart(6, '0')}` : r.path
}

const COMPARE: Record<Sort, (a: PredictionView, b: PredictionView) => number> = {
  'confidence-asc': (a, b) => a.prediction.confidence - b.prediction.confidence,
  'confidence-desc': (a, b) => b.prediction.confidence - a.prediction.confidence,
  path: (a, b) => (pathKey(a) < pathKey(b) ? -1 : pathKey(a) > pathKey(b) ? 1 : 0),
  newest: (a, b) =>
    a.prediction.scannedAt < b.prediction.scannedAt
      ? 1
      : a.prediction.scannedAt > b.prediction.scannedAt
        ? -1
        : 0
}

export function applyFilter(rows: readonly PredictionView[], f: ReviewFilter): PredictionView[] {
  const q = f.search.trim().toLowerCase()
  const out = rows.filter(
    (r) =>
      (!f.final || finalLabel(r) === f.final) &&
      (!f.model || r.prediction.predicted === f.model) &&
      (f.status === 'any' || reviewStatus(r) === f.status) &&
      (f.flagged === 'any' || r.prediction.flagged === (f.flagged === 'yes')) &&
      (!q || (r.field?.path ?? r.path).toLowerCase().includes(q))
  )
  return out.sort(COMPARE[f.sort])
}

export interface ClassCount {
  label: string
  tone: ClassTone
  /** Cells with this label now (review, else model). */
  final: number
  /** Cells the model put in this class. */
  model: number
  pending: number
}

/** Per-class counts by final label and by the model's answer, ALL first, then by count. */
export function classCounts(rows: readonly PredictionView[]): ClassCount[] {
  const by = new Map<string, ClassCount>()
  const get = (label: string) => {
    let c = by.get(label)
    if (!c) by.set(label, (c = { label, tone: classTone(label), final: 0, model: 0, pending: 0 }))
    return c
  }
  for (const r of rows) {
    const f = get(finalLabel(r))
    f.final++
    if (!r.review) f.pending++
    get(r.prediction.predicted).model++
  }
  const rank = (c: ClassCount) => (c.tone === 'all' ? 0 : c.tone === 'hem' ? 1 : 2)
  return [...by.values()].sort(
    (a, b) => rank(a) - rank(b) || b.final - a.final || a.label.localeCompare(b.label)
  )
}

/** The next flagged cell nobody has reviewed, after `from` and wrapping around; -1 when none is left. */
export function nextUnreviewedFlagged(rows: readonly PredictionView[], from: number): number {
  const n = rows.length
  for (let k = 1; k <= n; k++) {
    const i = (((from + k) % n) + n) % n
    if (rows[i].prediction.flagged && !rows[i].review) return i
  }
  return -1
}

/** Multi-select as file managers do it: click selects one, ctrl/cmd toggles, shift extends from the anchor. */
export function selectClick(
  selection: ReadonlySet<number>,
  anchor: number,
  i: number,
  mod: { shift?: boolean; toggle?: boolean }
): { selection: Set<number>; anchor: number } {
  if (mod.shift && anchor >= 0) {
    const next = new Set(mod.toggle ? selection : [])
    for (let k = Math.min(anchor, i); k <= Math.max(anchor, i); k++) next.add(k)
    return { selection: next, anchor }
  }
  if (mod.toggle) {
    const next = new Set(selection)
    if (next.has(i)) next.delete(i)
    else next.add(i)
    return { selection: next, anchor: i }
  }
  return { selection: new Set([i]), anchor: i }
}

/** The rows with new review states applied to every file of the same content. */
export function withReviews(
  rows: readonly PredictionView[],
  states: ReadonlyMap<string, ReviewState>
): PredictionView[] {
  return rows.map((r) => (states.has(r.sha256) ? { ...r, review: states.get(r.sha256)! } : r))
}
