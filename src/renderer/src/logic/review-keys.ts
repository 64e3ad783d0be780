/**
 * Keyboard review: what a key press means on the review screen. Pure so it can be tested without a DOM.
 * Enter or C confirms the model's label; 1…9 relabel to the n-th class; N / → / J next; P / ← / K previous.
 * Keys typed into a text field (the note) are never review actions.
 */
export type ReviewAction =
  | { kind: 'confirm' }
  | { kind: 'relabel'; label: string }
  | { kind: 'move'; delta: number }
  | { kind: 'gradcam' }

export interface KeyLike {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  targetIsTextField?: boolean
}

export function reviewAction(e: KeyLike, classes: readonly string[]): ReviewAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.targetIsTextField) return null
  const k = e.key
  if (k === 'Enter' || k === 'c' || k === 'C') return { kind: 'confirm' }
  if (/^[1-9]$/.test(k)) {
    const label = classes[Number(k) - 1]
    return label === undefined ? null : { kind: 'relabel', label }
  }
  if (k === 'n' || k === 'N' || k === 'ArrowRight' || k === 'j' || k === 'ArrowDown') return { kind: 'move', delta: 1 }
  if (k === 'p' || k === 'P' || k === 'ArrowLeft' || k === 'k' || k === 'ArrowUp') return { kind: 'move', delta: -1 }
  if (k === 'g' || k === 'G') return { kind: 'gradcam' }
  return null
}

/** The next index after a move, clamped to the list. */
export function moveIndex(current: number, delta: number, length: number): number {
  if (length === 0) return -1
  if (current < 0) return 0
  return Math.max(0, Math.min(length - 1, current + delta))
}
