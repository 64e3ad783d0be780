/**
 * The day's work in words, the same on Home and in `leukolens sample list`: where a sample's count stands, whether
 * it can be signed (or why not), and its signed state.
 */
import type { SampleWork } from '../types/differential'

/** "7 of 100 counted (93 to go)" / "100 of 100 counted (target reached)". */
export function countText(w: Pick<SampleWork, 'counted' | 'target'>): string {
  return `${w.counted} of ${w.target} counted ${w.counted >= w.target ? '(target reached)' : `(${w.target - w.counted} to go)`}`
}

/** "not signed", "signed by anna (result 3)", "corrected by anna (result 4, replaces 3)", "…, changed since". */
export function signedStateText(w: Pick<SampleWork, 'signed' | 'changedSinceSigned'>): string {
  const s = w.signed
  if (!s) return 'not signed'
  const what =
    s.status === 'corrected'
      ? `corrected by ${s.signer} (result ${s.id}, replaces ${s.replaces})`
      : `signed by ${s.signer} (result ${s.id})`
  return w.changedSinceSigned ? `${what}, changed since: sign again to correct it` : what
}

/**
 * "can be signed" or "not yet: <each reason>" — the reasons as the sign-off gate gives them; a dash for a signed
 * sample nothing has changed since (there is nothing to sign).
 */
export function signOffText(w: Pick<SampleWork, 'signOff' | 'signed' | 'changedSinceSigned'>): string {
  if (w.signed && !w.changedSinceSigned) return '—'
  return w.signOff.possible ? 'can be signed' : `not yet: ${w.signOff.reasons.join('; ')}`
}

/** The signed state and the sign-off in one line: "signed by anna (result 3)", "…, changed since; can be signed". */
export function workStateText(w: Pick<SampleWork, 'signOff' | 'signed' | 'changedSinceSigned'>): string {
  const sign = signOffText(w)
  if (!w.signed) return sign
  return sign === '—' ? signedStateText(w) : `${signedStateText(w)}; ${sign}`
}
