/**
 * Keyboard review: what a key press means on the review screen. Pure so it can be tested without a DOM.
 * Enter or C confirms; 1…9 relabel to the n-th class; N / → / J next; P / ← / K previous; F next unreviewed
 * flagged; U or Ctrl+Z undo; + / − / 0 zoom the cell (Shift+arrows pan it); Ctrl+A select all shown; Esc clears
 * the selection; G Grad-CAM. Keys typed into a text field (the note) are never review actions.
 */
export type ReviewAction =
  | { kind: 'confirm' }
  | { kind: 'relabel'; label: string }
  | { kind: 'move'; delta: number }
  | { kind: 'gradcam' }
  | { kind: 'nextFlagged' }
  | { kind: 'undo' }
  | { kind: 'zoom'; factor: number }
  | { kind: 'zoomReset' }
  | { kind: 'pan'; dx: number; dy: number }
  | { kind: 'selectAll' }
  | { kind: 'clearSelection' }

export interface KeyLike {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  shiftKey?: boolean
  targetIsTextField?: boolean
}

const PAN: Record<string, [number, number]> = {
  ArrowLeft: [1, 0],
  ArrowRight: [-1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1]
}

export function reviewAction(e: KeyLike, classes: readonly string[]): ReviewAction | null {
  if (e.targetIsTextField || e.altKey) return null
  const k = e.key
  if (e.ctrlKey || e.metaKey) {
    if (k === 'z' || k === 'Z') return { kind: 'undo' }
    if (k === 'a' || k === 'A') return { kind: 'selectAll' }
    return null
  }
  if (e.shiftKey && PAN[k]) return { kind: 'pan', dx: PAN[k][0], dy: PAN[k][1] }
  if (k === 'Enter' || k === 'c' || k === 'C') return { kind: 'confirm' }
  if (/^[1-9]$/.test(k)) {
    const label = classes[Number(k) - 1]
    return label === undefined ? null : { kind: 'relabel', label }
  }
  if (k === 'n' || k === 'N' || k === 'ArrowRight' || k === 'j' || k === 'ArrowDown')
    return { kind: 'move', delta: 1 }
  if (k === 'p' || k === 'P' || k === 'ArrowLeft' || k === 'k' || k === 'ArrowUp')
    return { kind: 'move', delta: -1 }
  if (k === 'f' || k === 'F') return { kind: 'nextFlagged' }
  if (k === 'u' || k === 'U') return { kind: 'undo' }
  if (k === '+' || k === '=') return { kind: 'zoom', factor: 1.25 }
  if (k === '-' || k === '_') return { kind: 'zoom', factor: 0.8 }
  if (k === '0') return { kind: 'zoomReset' }
  if (k === 'Escape') return { kind: 'clearSelection' }
  if (k === 'g' || k === 'G') return { kind: 'gradcam' }
  return null
}

/** The next index after a move, clamped to the list. */
export function moveIndex(current: number, delta: number, length: number): number {
  if (length === 0) return -1
  if (current < 0) return 0
  return Math.max(0, Math.min(length - 1, current + delta))
}

/** Zoom (1 = fit, up to 8×) and pan (in fractions of the view), clamped so the cell never leaves the view. */
export interface View {
  zoom: number
  x: number
  y: number
}

export function zoomView(v: View, factor: number): View {
  const zoom = Math.max(1, Math.min(8, v.zoom * factor))
  return clampPan({ ...v, zoom })
}

export function panView(v: View, dx: number, dy: number): View {
  return clampPan({ ...v, x: v.x + dx, y: v.y + dy })
}

function clampPan(v: View): View {
  const lim = (v.zoom - 1) / 2
  return { zoom: v.zoom, x: Math.max(-lim, Math.min(lim, v.x)), y: Math.max(-lim, Math.min(lim, v.y)) }
}
