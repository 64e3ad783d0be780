/**
 * Whether a person may sign a scan's result, and if not, why. A result with no class percentages (too many
 * unfamiliar cells) has nothing to sign; a result with flagged cells nobody has looked at is not finished. Each
 * reason is one sentence, so the report and the window can print them as they are; further rules (a counted
 * differential, say) add their own reasons here.
 */
import type { SampleCount } from '../../../shared/types/scan'

export interface SignOffState {
  possible: boolean
  /** Why not, one sentence each; empty when possible. */
  reasons: string[]
}

export function signOffGate(samples: readonly SampleCount[]): SignOffState {
  const named = samples.length > 1
  const reasons: string[] = []
  for (const s of samples) {
    const who = named ? `sample ${s.sample}: ` : ''
    if (s.withheld) reasons.push(`${who}${s.reason}`)
    if (s.flaggedUnreviewed > 0)
      reasons.push(
        `${who}${s.flaggedUnreviewed} of ${s.flagged} flagged cell${s.flagged === 1 ? ' is' : 's are'} not reviewed yet`
      )
  }
  if (!samples.some((s) => s.cells > 0)) reasons.push('no cell was classified')
  return { possible: reasons.length === 0, reasons }
}

/** "Sign-off not possible: …" — the line that takes the sign-off's place. */
export function signOffRefusal(state: SignOffState): string | undefined {
  return state.possible ? undefined : `Sign-off not possible: ${state.reasons.join('; ')}.`
}

/** What the counted differential's gate looks at (core/samples/differential.ts). */
export interface DifferentialGateInput {
  counted: number
  target: number
  flagged: number
  flaggedUnreviewed: number
  /** Why the signer stops short of the target; a count short of it is signed only with one. */
  reason?: string
  /** Rejected control runs nobody has acknowledged. */
  openQcAlerts: readonly { id: number; setName: string }[]
  /** The newest signed result of the sample, and whether the counts changed since. */
  signed: { id: number } | null
  changedSinceSigned: boolean
}

/**
 * Whether a sample's counted differential may be signed: the count reached its target (or the signer says why
 * not), every flagged cell has been looked at, no rejected control run is left unacknowledged, and — when it was
 * signed before — a review has changed the counts since (signing again then makes a corrected result).
 */
export function differentialGate(g: DifferentialGateInput): SignOffState {
  const reasons: string[] = []
  if (g.counted === 0) reasons.push("no cell has a person's class yet")
  else if (g.counted < g.target && !g.reason?.trim())
    reasons.push(
      `${g.counted} of ${g.target} cells counted: count ${g.target - g.counted} more, or state why the count stops short`
    )
  if (g.flaggedUnreviewed > 0)
    reasons.push(
      `${g.flaggedUnreviewed} of ${g.flagged} flagged cell${g.flagged === 1 ? ' is' : 's are'} not reviewed yet`
    )
  for (const a of g.openQcAlerts)
    reasons.push(`quality control run ${a.id} of ${a.setName} is rejected and not acknowledged`)
  if (g.signed && !g.changedSinceSigned)
    reasons.push(`it is signed already (result ${g.signed.id}) and no review has changed its counts since`)
  return { possible: reasons.length === 0, reasons }
}
