/** Reviewers' agreement in words, as `models show` and the Models screen print it. Pure. */
import type { Agreement } from './types/trust'

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
const range = (lo: number, hi: number): string => `${(100 * lo).toFixed(1)}–${pct(hi)}`

/** "12 of 14 kept (85.7%, 95% CI 60.1–96.0%)". */
export function agreementText(a: Agreement): string {
  return a.reviewed
    ? `${a.agree} of ${a.reviewed} kept (${pct(a.rate!)}, 95% CI ${range(a.low, a.high)})`
    : 'none reviewed yet'
}

/** The silent error rate from the unflagged reviews: 1 − their agreement; empty before any. */
export function silentErrorText(unflagged: Agreement): string {
  const u = unflagged
  return u.reviewed
    ? `silent error rate ${pct(1 - u.rate!)} (95% CI ${range(1 - u.high, 1 - u.low)}, from ${u.reviewed} unflagged reviews)`
    : ''
}

export const ratePct = (r: number | null): string => (r === null ? '—' : pct(r))
