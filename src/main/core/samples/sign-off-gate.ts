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
