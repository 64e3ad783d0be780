import type { Theme } from '@mui/material'
import type { ClassTone, ReviewStatus } from '../logic/review-view'

/** Class colours, the same on every screen: ALL red (the finding), HEM neutral, anything else blue. */
export function toneColor(t: Theme, tone: ClassTone): string {
  if (tone === 'all') return t.palette.mode === 'dark' ? '#ef5350' : '#c62828'
  if (tone === 'hem') return t.palette.mode === 'dark' ? '#90a4ae' : '#607d8b'
  return t.palette.mode === 'dark' ? '#4fc3f7' : '#0277bd'
}

/** Review marks: pending is hollow, confirmed a green tick, relabelled an orange arrow. */
export const STATUS_MARK: Record<ReviewStatus, { symbol: string; label: string; color: string }> = {
  pending: { symbol: '○', label: 'pending', color: 'text.secondary' },
  confirmed: { symbol: '✓', label: 'confirmed', color: 'success.main' },
  relabelled: { symbol: '↻', label: 'relabelled', color: 'warning.main' }
}
