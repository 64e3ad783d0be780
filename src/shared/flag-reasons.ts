/**
 * Why a prediction was flagged, read back from its stored reason (`predictions.flag_reason`, '; '-joined by the
 * scan) so that the report, the quick check and the CLI can name each kind of reason in words a reader acts on:
 * the cell is unlike the training data, an image check failed, or the answer sits too close to the decision.
 * Pure string logic: used by the engine and the window alike.
 */

export type FlagReasonKind = 'unfamiliar' | 'image-check' | 'confidence' | 'other'

export interface FlagReasonPart {
  kind: FlagReasonKind
  /** The stored text of this one reason. */
  text: string
}

export const FLAG_REASON_LABEL: Record<FlagReasonKind, string> = {
  unfamiliar: 'unfamiliar',
  'image-check': 'image check',
  confidence: 'low confidence / near the decision threshold',
  other: 'flagged'
}

/** Splits on '; ' outside parentheses: a reason's own detail may hold "; " ("(… 150; score 40 > 20)"). */
function splitTop(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '(') depth++
    else if (ch === ')') depth = Math.max(0, depth - 1)
    else if (ch === ';' && depth === 0 && text[i + 1] === ' ') {
      out.push(text.slice(start, i))
      start = i + 2
    }
  }
  out.push(text.slice(start))
  return out.map((s) => s.trim()).filter(Boolean)
}

function kindOf(text: string): FlagReasonKind {
  const t = text.toLowerCase()
  if (t.startsWith('unlike the training')) return 'unfamiliar'
  if (/^(format|size|colours?) /.test(t)) return 'image-check'
  if (t.includes('confidence') || t.includes('threshold')) return 'confidence'
  return 'other'
}

export function splitFlagReason(reason: string | null | undefined): FlagReasonPart[] {
  return reason ? splitTop(reason).map((text) => ({ kind: kindOf(text), text })) : []
}

/** "unfamiliar: unlike the training images (…); image check: format png (…)". */
export function describeFlagReason(reason: string | null | undefined): string {
  return splitFlagReason(reason)
    .map((p) => (p.kind === 'other' ? p.text : `${FLAG_REASON_LABEL[p.kind]}: ${p.text}`))
    .join('; ')
}

/** The reasons that make an image unfamiliar (the OOD score, the image checks), in words, for a warning. */
export function unfamiliarReasons(reason: string | null | undefined): string[] {
  return splitFlagReason(reason)
    .filter((p) => p.kind === 'unfamiliar' || p.kind === 'image-check')
    .map((p) => p.text)
}
