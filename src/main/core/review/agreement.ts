/**
 * A model version in use, watched through its reviews: how often reviewers kept its answer, on flagged and on
 * unflagged cells apart. The flagged cells are the ones the model asked about; the unflagged ones it was sure of,
 * so their disagreement rate estimates its silent errors. Recomputed from the review log on each call, so every
 * review (and undo) updates it; each day with reviews adds a point to the history.
 */
import type { Agreement, ModelAgreement } from '../../../shared/types/trust'
import { wilsonInterval } from '../cells/sample-counts'
import { reviewedAnswersOf, type ReviewedAnswer } from '../db/queries/reviews'
import type { Queries } from '../db/store'
import { agreementText, ratePct, silentErrorText } from '../../../shared/agreement-text'

export function agreement(agree: number, reviewed: number): Agreement {
  const ci = wilsonInterval(agree, reviewed)
  return { agree, reviewed, rate: reviewed ? agree / reviewed : null, low: ci.low, high: ci.high }
}

/** Pure: the answers in the order of their reviews. */
export function agreementOf(modelId: string, answers: readonly ReviewedAnswer[]): ModelAgreement {
  const n = { flagged: [0, 0], unflagged: [0, 0] }
  const history: ModelAgreement['history'] = []
  for (const a of answers) {
    const side = a.flagged ? n.flagged : n.unflagged
    side[1]++
    if (a.label === a.predicted) side[0]++
    const point = {
      date: a.reviewedAt.slice(0, 10),
      flagged: agreement(n.flagged[0], n.flagged[1]),
      unflagged: agreement(n.unflagged[0], n.unflagged[1])
    }
    if (history.at(-1)?.date === point.date) history[history.length - 1] = point
    else history.push(point)
  }
  return {
    modelId,
    flagged: agreement(n.flagged[0], n.flagged[1]),
    unflagged: agreement(n.unflagged[0], n.unflagged[1]),
    history
  }
}

export async function modelAgreement(q: Queries, modelId: string): Promise<ModelAgreement> {
  return agreementOf(modelId, await reviewedAnswersOf(q, modelId))
}

/** `models show`'s lines: both sides, the silent error rate, and the last days of the history. */
export function formatAgreement(m: ModelAgreement, days = 5): string {
  const silent = silentErrorText(m.unflagged)
  const lines = [
    `in use: reviewers' agreement with this version — flagged: ${agreementText(m.flagged)}; unflagged: ${agreementText(m.unflagged)}${silent ? `; ${silent}` : ''}`
  ]
  for (const h of m.history.slice(-days))
    lines.push(
      `  by ${h.date}: flagged ${ratePct(h.flagged.rate)} of ${h.flagged.reviewed}, unflagged ${ratePct(h.unflagged.rate)} of ${h.unflagged.reviewed}`
    )
  return lines.join('\n')
}
